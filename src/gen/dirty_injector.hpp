#pragma once
/// Bad records for `--dirty-rate`: every record-level quarantine reason of
/// the contract, plus exact duplicates, counted exactly.

#include <array>
#include <cstdint>

#include "core/catalog.hpp"
#include "core/quarantine.hpp"
#include "gen/generated_event.hpp"
#include "gen/random_source.hpp"

namespace ecomflow {

/// The record-level reasons, in QuarantineReason order (not_an_object … bad_quantity).
constexpr int kRecordReasonCount = 7;

/// Exactly what was injected: bad records by reason and duplicates.
struct DirtyCounts {
  std::array<int64_t, kRecordReasonCount> by_reason{};
  int64_t duplicates = 0;

  void merge(const DirtyCounts& other);
  /// All bad records (each counts once, under one reason).
  int64_t quarantined() const;
};

/// What a record picked for spoiling becomes: one of the reasons, or a copy
/// of an earlier valid record.
struct DirtyChoice {
  bool duplicate;
  QuarantineReason reason;  ///< when not a duplicate
};

/// Decides which records go bad and rewrites them. It has its own random
/// stream, so the clean records are the same with or without dirt: a dirty
/// dataset is the clean one with some records replaced. Kinds are taken in
/// turn (the seven reasons, then a duplicate), so even a low rate covers them all.
class DirtyInjector {
 public:
  DirtyInjector(double rate, uint64_t seed, int week_index, const Catalog& catalog);

  /// Whether the next record should be replaced by a bad one.
  bool pick() { return rate_ > 0 && random_.chance(rate_); }
  /// The next kind in turn; a duplicate is skipped when none is possible yet.
  DirtyChoice next_choice(bool duplicate_possible);
  /// Gives a valid record exactly one defect of `reason` and counts it.
  void spoil(QuarantineReason reason, RecordFields& fields);
  /// Counts a duplicate the caller wrote.
  void count_duplicate() { ++counts_.duplicates; }
  /// A random index below `bound`, from the injector's own stream.
  uint32_t below(uint32_t bound) { return random_.below(bound); }
  const DirtyCounts& counts() const { return counts_; }

 private:
  std::string_view unknown_id(char prefix, int start, bool customer, char* out);

  double rate_;
  RandomSource random_;
  const Catalog& catalog_;
  int turn_;
  std::array<int64_t, kRecordReasonCount> variants_{};
  DirtyCounts counts_;
};

}  // namespace ecomflow
