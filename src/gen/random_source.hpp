#pragma once
/// A small, fast, seedable random number source for synthetic data.

#include <cstdint>

namespace ecomflow {

/// SplitMix64: tiny state, good statistical quality for test data, and one
/// independent stream per (seed, purpose, index). The generator gives every
/// day its own streams so that weeks can be built on any thread in any order
/// and still come out byte-identical.
class RandomSource {
 public:
  /// A stream identified by the run's seed, a purpose tag and an index (day, week…).
  RandomSource(uint64_t seed, uint64_t purpose, uint64_t index = 0)
      : state_(mix(mix(seed ^ 0x6a09e667f3bcc909ULL) ^ purpose * 0x9e3779b97f4a7c15ULL) + index) {}

  /// The next 64 random bits.
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    return mix_finish(z);
  }

  /// Uniform in [0, bound) (Lemire's multiply-shift; the bias is below 2^-32
  /// for the small bounds used here).
  uint32_t below(uint32_t bound) { return uint32_t(((next() >> 32) * uint64_t(bound)) >> 32); }

  /// Uniform in [low, high], both inclusive.
  int64_t between(int64_t low, int64_t high) { return low + int64_t(below(uint32_t(high - low + 1))); }

  /// Uniform in [0, 1).
  double unit() { return double(next() >> 11) * 0x1.0p-53; }

  /// True with probability `probability`.
  bool chance(double probability) { return unit() < probability; }

 private:
  static uint64_t mix_finish(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  static uint64_t mix(uint64_t value) { return mix_finish(value + 0x9e3779b97f4a7c15ULL); }

  uint64_t state_;
};

/// Purpose tags: each kind of draw has its own stream so that changing one
/// (for example adding dirty records) never shifts the others.
enum RandomPurpose : uint64_t {
  kCatalogStream = 1,
  kStepStream = 2,
  kEventStream = 3,
  kDirtyStream = 4,
  kSessionStream = 5,
  kOrderStream = 6,
  kOrderDirtyStream = 7,
};

}  // namespace ecomflow
