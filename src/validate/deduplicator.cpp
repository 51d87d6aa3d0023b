#include "validate/deduplicator.hpp"

#include "core/hash.hpp"

namespace ecomflow {

uint64_t event_fingerprint(const Event& event, std::string_view event_id) {
  if (!event_id.empty()) return hash_bytes(event_id, 0x1d);
  uint64_t hash =
      mix64(uint64_t(event.time) ^ (uint64_t(event.type) << 56) ^ (uint64_t(uint32_t(event.quantity)) << 24));
  hash = mix64(hash ^ (uint64_t(event.customer) << 32 | event.product));
  return mix64(hash ^ event.session_key);
}

Deduplicator::Deduplicator() {
  for (Shard& shard : shards_) shard.slots.assign(1024, 0);
}

void Deduplicator::grow(Shard& shard) {
  std::vector<uint64_t> old = std::move(shard.slots);
  shard.slots.assign(old.size() * 2, 0);
  const size_t mask = shard.slots.size() - 1;
  for (uint64_t value : old) {
    if (value == 0) continue;
    size_t slot = (value >> 6) & mask;
    while (shard.slots[slot] != 0) slot = (slot + 1) & mask;
    shard.slots[slot] = value;
  }
}

bool Deduplicator::first_time(uint64_t fingerprint) {
  if (fingerprint == 0) fingerprint = 1;
  Shard& shard = shards_[fingerprint % kShardCount];
  std::lock_guard lock(shard.mutex);
  if ((shard.used + 1) * 10 > shard.slots.size() * 7) grow(shard);
  const size_t mask = shard.slots.size() - 1;
  // The low 6 bits chose the shard; the rest choose the slot.
  for (size_t slot = (fingerprint >> 6) & mask;; slot = (slot + 1) & mask) {
    if (shard.slots[slot] == fingerprint) return false;
    if (shard.slots[slot] == 0) {
      shard.slots[slot] = fingerprint;
      ++shard.used;
      return true;
    }
  }
}

size_t Deduplicator::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.used;
  }
  return total;
}

}  // namespace ecomflow
