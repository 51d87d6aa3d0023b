#pragma once
/// Exactly-once counting: remembers the fingerprint of every valid event of
/// a run and says whether a new one was seen before. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <string_view>

#include "core/event.hpp"
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
/// on different files rarely touch the same day. Memory is about 16 bytes per
/// distinct event.
class Deduplicator {
 public:
  Deduplicator();
  /// True the first time a (day, fingerprint) pair is offered, false for every repeat.
  bool first_time(DayNumber day, uint64_t fingerprint);
  /// Removes from `events` (in place, keeping order) every event whose
  /// (day, fingerprint) was seen before, here or earlier in `events`. Locks
  /// each day's table once per run of same-day events.
  void keep_first_occurrences(std::vector<Event>& events);
  /// Distinct events seen so far.
  size_t size() const;

 private:
  /// Open addressing with linear probing; 0 marks an empty slot, so the
  /// fingerprint 0 is remapped on the way in.
  struct Shard {
    std::mutex mutex;
    std::vector<uint64_t> slots = std::vector<uint64_t>(4096, 0);  ///< a busy day's worth, 32 KB
    size_t used = 0;
  };
  Shard& shard_for(DayNumber day);
  static void grow(Shard& shard);
  /// The insert of first_time(), with the shard already locked.
  static bool insert_locked(Shard& shard, uint64_t fingerprint);

  const uint64_t id_;  ///< tells this set's entries apart in each thread's shard cache
  mutable std::mutex shards_mutex_;
  std::unordered_map<DayNumber, std::unique_ptr<Shard>> shards_;
};

}  // namespace ecomflow
