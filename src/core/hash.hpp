#pragma once
/// A fast 64-bit hash for fingerprints (deduplication keys, content hashes).
/// Not cryptographic; stable across runs and platforms of the same endianness.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ecomflow {

/// Mixes a 64-bit value (the finaliser of SplitMix64).
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/// Hashes bytes, continuing from `seed` so several fields can be chained.
inline uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 0) {
  uint64_t hash = mix64(seed ^ (bytes.size() * 0x9e3779b97f4a7c15ULL));
  const char* data = bytes.data();
  size_t remaining = bytes.size();
  while (remaining >= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    hash = mix64(hash ^ word) + 0x9e3779b97f4a7c15ULL;
    data += 8;
    remaining -= 8;
  }
  if (remaining > 0) {
    uint64_t word = 0;
    std::memcpy(&word, data, remaining);
    hash = mix64(hash ^ word ^ (uint64_t(remaining) << 56));
  }
  return hash;
}

}  // namespace ecomflow
