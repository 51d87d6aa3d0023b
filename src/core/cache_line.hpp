#pragma once
/// Memory that one thread writes and no other thread's data shares.
///
/// malloc hands threads blocks from shared arenas, so two workers' small
/// counters can land side by side; when both update them per record, every
/// write takes the cache line away from the other core (false sharing) and
/// each worker runs at a fraction of its speed. Blocks from this allocator
/// start on a 128-byte boundary and fill whole 128-byte units: Intel cores
/// fetch cache lines in adjacent pairs, so 64 bytes would not be enough.

#include <cstddef>
#include <new>
#include <vector>

namespace ecomflow {

/// Alignment and size granule of memory written by one thread only.
constexpr size_t kCacheLinePairBytes = 128;

/// A standard allocator whose blocks own whole 128-byte units.
template <typename T>
struct CacheLineAllocator {
  using value_type = T;

  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding converts implicitly

  T* allocate(size_t count) {
    return static_cast<T*>(::operator new(padded(count), std::align_val_t(kCacheLinePairBytes)));
  }
  void deallocate(T* block, size_t count) {
    ::operator delete(block, padded(count), std::align_val_t(kCacheLinePairBytes));
  }

  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }

 private:
  static size_t padded(size_t count) {
    return (count * sizeof(T) + kCacheLinePairBytes - 1) / kCacheLinePairBytes * kCacheLinePairBytes;
  }
};

/// A vector whose elements share no cache line with other allocations.
template <typename T>
using CacheLineVector = std::vector<T, CacheLineAllocator<T>>;

}  // namespace ecomflow
