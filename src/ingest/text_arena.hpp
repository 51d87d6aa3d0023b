#pragma once
/// Storage for the few decoded strings that differ from their input bytes
/// (JSON escapes, CSV doubled quotes); addresses stay stable until clear().

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace ecomflow {

/// A bump allocator of text that keeps its blocks across clear().
class TextArena {
 public:
  /// Copies `text` into the arena and returns the copy.
  std::string_view copy(std::string_view text) {
    char* target = allocate(text.size());
    if (!text.empty()) std::memcpy(target, text.data(), text.size());
    return {target, text.size()};
  }

  /// Room for `size` bytes, valid until clear().
  char* allocate(size_t size) {
    if (block_ < blocks_.size() && used_ + size <= blocks_[block_].size) {
      char* target = blocks_[block_].data.get() + used_;
      used_ += size;
      return target;
    }
    // Move to the next block that fits, or add one.
    while (++block_ < blocks_.size())
      if (size <= blocks_[block_].size) break;
    if (block_ >= blocks_.size()) {
      const size_t block_size = std::max(size, kBlockSize);
      blocks_.push_back({std::make_unique<char[]>(block_size), block_size});
      block_ = blocks_.size() - 1;
    }
    used_ = size;
    return blocks_[block_].data.get();
  }

  /// Forgets every string handed out; keeps the memory.
  void clear() {
    block_ = 0;
    used_ = 0;
  }

 private:
  static constexpr size_t kBlockSize = 64 * 1024;
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t block_ = 0;
  size_t used_ = 0;
};

}  // namespace ecomflow
