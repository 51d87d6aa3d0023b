#pragma once
/// A growable byte buffer that is never zero-filled and always keeps
/// kInputPadding readable bytes past its size, so simdjson can parse in place.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

#include "ingest/input_file.hpp"

namespace ecomflow {

/// Reused output buffer for inflated or read file content.
class ByteBuffer {
 public:
  /// Makes room for `size` bytes (plus padding), keeping no old content; sets size().
  char* resize_discarding(size_t size) {
    if (size + kInputPadding > capacity_) {
      // Grow geometrically so a run of slightly growing files reallocates rarely.
      capacity_ = std::max(size + kInputPadding, capacity_ + capacity_ / 2);
      data_.reset(new char[capacity_]);
    }
    size_ = size;
    std::memset(data_.get() + size_, 0, kInputPadding);
    return data_.get();
  }
  /// Makes room for `size` bytes (plus padding), keeping the current content; sets size().
  char* resize_keeping(size_t size) {
    if (size + kInputPadding > capacity_) {
      const size_t capacity = std::max(size + kInputPadding, capacity_ + capacity_ / 2);
      std::unique_ptr<char[]> grown(new char[capacity]);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    size_ = size;
    std::memset(data_.get() + size_, 0, kInputPadding);
    return data_.get();
  }
  /// Shrinks the logical size (content and padding stay readable).
  void truncate(size_t size) {
    size_ = size;
    std::memset(data_.get() + size_, 0, kInputPadding);
  }
  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ecomflow
