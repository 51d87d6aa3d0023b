#pragma once
/// Exactly-once counting: remembers the fingerprint of every valid event of
/// a run and says whether a new one was seen before. Thread-safe; memory
/// bounded by a budget, the rest of the index on disk.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.hpp"
#include "core/spill_file.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// The dedupe key of an event: its `event_id` when it has one (exact), else
/// its content (time, type, customer, product, quantity, session) taken from
/// the resolved catalog keys, which is as exact and much cheaper than text.
uint64_t event_fingerprint(const Event& event, std::string_view event_id);

/// A concurrent set of (event day, fingerprint) pairs. A repeat is
/// recognised within the same UTC event day: a re-delivered event carries its
/// original time. Partitioning by day keeps each table small and hot in cache
/// (the events of one input file span a day or two), and two threads working
/// on different files rarely touch the same day.
///
/// A day's table costs 11-23 bytes per distinct event (open addressing at
/// most 70% full, doubling). When the tables in memory pass the budget, the
/// least recently used days no thread is working on are written to a spill
/// file (8 bytes per event) and freed; an event of a spilled day (a late
/// re-delivery, a day split over input files) loads its day back first. The
/// answer stays exact; input in roughly chronological order rarely reloads.
class Deduplicator {
 public:
  /// 32 MB holds about four weeks of 50,000-event days in memory.
  static constexpr size_t kDefaultMemoryBudget = size_t(32) << 20;
  /// 4096 slots (32 KB): a busy day's worth.
  static constexpr size_t kDefaultInitialSlots = 4096;

  /// How much of the index stays in memory and where the rest goes.
  struct Options {
    size_t memory_budget = kDefaultMemoryBudget;  ///< bytes of day tables in memory; 0 = no limit
    std::filesystem::path spill_directory;        ///< empty = $TMPDIR, else /tmp
    /// Slots a new day's table starts with (a power of two). A busy day's
    /// worth suits one process reading files; a stream partition, which sees
    /// a few events of each day, keeps its tables small with a few slots.
    size_t initial_slots = kDefaultInitialSlots;
  };

  /// What the budget cost, for the run's log.
  struct Stats {
    size_t days = 0;              ///< distinct event days seen
    size_t distinct_events = 0;   ///< same as size()
    size_t days_spilled = 0;      ///< times a day's table was freed to stay within the budget
    size_t days_reloaded = 0;     ///< times a spilled day was read back
    size_t peak_table_bytes = 0;  ///< most bytes of day tables in memory at once
    uint64_t spill_bytes = 0;     ///< bytes written to the spill file
  };

  Deduplicator();
  explicit Deduplicator(Options options);
  ~Deduplicator();
  Deduplicator(const Deduplicator&) = delete;
  Deduplicator& operator=(const Deduplicator&) = delete;

  /// True the first time a (day, fingerprint) pair is offered, false for
  /// every repeat. Throws UserError when the spill file fails.
  bool first_time(DayNumber day, uint64_t fingerprint);
  /// Removes from `events` (in place, keeping order) every event whose
  /// (day, fingerprint) was seen before, here or earlier in `events`. Locks
  /// each day's table once per run of same-day events. Throws UserError when
  /// the spill file fails (`events` is then unspecified; the set stays exact).
  void keep_first_occurrences(std::vector<Event>& events);
  /// Distinct events seen so far.
  size_t size() const;
  /// Days, spills and reloads so far.
  Stats stats() const;

 private:
  struct Shard;
  /// The day's shard, in memory and pinned (never spilled) until unpin().
  Shard& pin(DayNumber day);
  /// Ends a pin(); `table_bytes` is the table's size as the caller last saw it.
  void unpin(Shard& shard, size_t table_bytes);
  void count_table_bytes(Shard& shard, size_t table_bytes);
  void evict_over_budget();
  void join_idle_list(Shard& shard);
  void leave_idle_list(Shard& shard);
  void spill(Shard& shard);
  void load(Shard& shard);

  const Options options_;
  mutable std::mutex mutex_;  ///< guards the map and every shard's bookkeeping (not its table)
  std::unordered_map<DayNumber, std::unique_ptr<Shard>> shards_;
  SpillFile spill_file_;
  std::vector<uint64_t> transfer_;  ///< one chunk of fingerprints on their way to or from disk
  size_t table_bytes_ = 0;          ///< bytes of day tables in memory
  /// Days in memory that no thread has pinned, least recently unpinned first: the next to spill.
  Shard* coldest_idle_ = nullptr;
  Shard* warmest_idle_ = nullptr;
  Stats stats_;
};

}  // namespace ecomflow
