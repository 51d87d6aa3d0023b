#pragma once
/// Exactly-once counting: remembers the fingerprint of every valid event of
/// a run and says whether a new one was seen before. Thread-safe.

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include <string_view>

#include "core/event.hpp"

namespace ecomflow {

/// The dedupe key of an event: its `event_id` when it has one (exact), else
/// its content (time, type, customer, product, quantity, session) taken from
/// the resolved catalog keys, which is as exact and much cheaper than text.
uint64_t event_fingerprint(const Event& event, std::string_view event_id);

/// A concurrent set of 64-bit fingerprints, sharded so threads rarely wait.
/// Memory is about 16 bytes per distinct event.
class Deduplicator {
 public:
  Deduplicator();
  /// True the first time a fingerprint is offered, false for every repeat.
  bool first_time(uint64_t fingerprint);
  /// Distinct fingerprints seen so far.
  size_t size() const;

 private:
  static constexpr size_t kShardCount = 64;
  /// Open addressing with linear probing; 0 marks an empty slot, so the
  /// fingerprint 0 is remapped on the way in.
  struct Shard {
    mutable std::mutex mutex;
    std::vector<uint64_t> slots;
    size_t used = 0;
  };
  static void grow(Shard& shard);

  std::array<Shard, kShardCount> shards_;
};

}  // namespace ecomflow
