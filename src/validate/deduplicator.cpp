#include "validate/deduplicator.hpp"

#include <atomic>

#include "core/hash.hpp"

namespace ecomflow {

uint64_t event_fingerprint(const Event& event, std::string_view event_id) {
  if (!event_id.empty()) return hash_bytes(event_id, 0x1d);
  uint64_t hash =
      mix64(uint64_t(event.time) ^ (uint64_t(event.type) << 56) ^ (uint64_t(uint32_t(event.quantity)) << 24));
  hash = mix64(hash ^ (uint64_t(event.customer) << 32 | event.product));
  return mix64(hash ^ event.session_key);
}

namespace {

std::atomic<uint64_t> next_deduplicator_id{1};

/// The shard this thread used last: consecutive events share their day.
struct ShardCache {
  uint64_t owner = 0;
  DayNumber day = 0;
  void* shard = nullptr;
};
thread_local ShardCache shard_cache;

}  // namespace

Deduplicator::Deduplicator() : id_(next_deduplicator_id++) {}

Deduplicator::Shard& Deduplicator::shard_for(DayNumber day) {
  if (shard_cache.owner == id_ && shard_cache.day == day) return *static_cast<Shard*>(shard_cache.shard);
  std::lock_guard lock(shards_mutex_);
  std::unique_ptr<Shard>& shard = shards_[day];
  if (!shard) shard = std::make_unique<Shard>();
  shard_cache = {id_, day, shard.get()};
  return *shard;
}

void Deduplicator::grow(Shard& shard) {
  std::vector<uint64_t> old = std::move(shard.slots);
  shard.slots.assign(old.size() * 2, 0);
  const size_t mask = shard.slots.size() - 1;
  for (uint64_t value : old) {
    if (value == 0) continue;
    size_t slot = value & mask;
    while (shard.slots[slot] != 0) slot = (slot + 1) & mask;
    shard.slots[slot] = value;
  }
}

bool Deduplicator::insert_locked(Shard& shard, uint64_t fingerprint) {
  if (fingerprint == 0) fingerprint = 1;
  if ((shard.used + 1) * 10 > shard.slots.size() * 7) grow(shard);
  const size_t mask = shard.slots.size() - 1;
  for (size_t slot = fingerprint & mask;; slot = (slot + 1) & mask) {
    if (shard.slots[slot] == fingerprint) return false;
    if (shard.slots[slot] == 0) {
      shard.slots[slot] = fingerprint;
      ++shard.used;
      return true;
    }
  }
}

bool Deduplicator::first_time(DayNumber day, uint64_t fingerprint) {
  Shard& shard = shard_for(day);
  std::lock_guard lock(shard.mutex);
  return insert_locked(shard, fingerprint);
}

void Deduplicator::keep_first_occurrences(std::vector<Event>& events) {
  size_t kept = 0;
  size_t run = 0;
  while (run < events.size()) {
    const DayNumber day = day_of(events[run].time);
    Shard& shard = shard_for(day);
    std::lock_guard lock(shard.mutex);
    size_t next = run;
    for (; next < events.size() && day_of(events[next].time) == day; ++next) {
      if (insert_locked(shard, events[next].fingerprint)) events[kept++] = events[next];
    }
    run = next;
  }
  events.resize(kept);
}

size_t Deduplicator::size() const {
  std::lock_guard lock(shards_mutex_);
  size_t total = 0;
  for (const auto& [day, shard] : shards_) {
    std::lock_guard shard_lock(shard->mutex);
    total += shard->used;
  }
  return total;
}

}  // namespace ecomflow
