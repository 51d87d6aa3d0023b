#pragma once
/// An append-only sequence stored in fixed-size chunks: appends never move
/// what is already stored, and there is no growth slack beyond the last chunk.

#include <cstddef>
#include <span>
#include <vector>

namespace ecomflow {

/// Append-only storage of trivially copyable items, in insertion order.
template <typename Item, size_t kChunkItems = 65536>
class ChunkedLog {
 public:
  /// Appends one item; starts a new chunk when the last one is full.
  void push_back(const Item& item) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunkItems);
      capacity_ += kChunkItems;
    }
    chunks_.back().push_back(item);
    ++size_;
  }

  /// Appends a copy of every item of `other`, chunk by chunk.
  void append(const ChunkedLog& other) {
    for (const std::vector<Item>& chunk : other.chunks_) {
      // Copied chunks are full to capacity, so later appends start a new chunk
      // instead of growing a copy: one memcpy per chunk, no slack.
      chunks_.push_back(chunk);
      size_ += chunk.size();
      capacity_ += chunk.capacity();
    }
  }

  /// Takes over the chunks of `other`, which is left empty; no copying.
  void append(ChunkedLog&& other) {
    for (std::vector<Item>& chunk : other.chunks_) chunks_.push_back(std::move(chunk));
    size_ += other.size_;
    capacity_ += other.capacity_;
    other.chunks_.clear();
    other.size_ = 0;
    other.capacity_ = 0;
  }

  /// Hands every chunk but the last (the one appends go to) to
  /// `drain(std::span<const Item>)`, in insertion order, and frees each one
  /// drained. If `drain` throws, the chunks it took are gone and the rest stay.
  template <typename Drain>
  void drain_all_but_last(Drain&& drain) {
    size_t drained = 0;
    try {
      for (; drained + 1 < chunks_.size(); ++drained) {
        drain(std::span<const Item>(chunks_[drained]));
        size_ -= chunks_[drained].size();
        capacity_ -= chunks_[drained].capacity();
      }
    } catch (...) {
      chunks_.erase(chunks_.begin(), chunks_.begin() + ptrdiff_t(drained));
      throw;
    }
    chunks_.erase(chunks_.begin(), chunks_.begin() + ptrdiff_t(drained));
  }

  /// Items stored.
  size_t size() const { return size_; }
  /// Bytes of memory the chunks take.
  size_t memory_bytes() const { return capacity_ * sizeof(Item); }
  /// Whether nothing is stored.
  bool empty() const { return size_ == 0; }

  /// Calls `visit(item)` for every item in insertion order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const std::vector<Item>& chunk : chunks_)
      for (const Item& item : chunk) visit(item);
  }

 private:
  std::vector<std::vector<Item>> chunks_;
  size_t size_ = 0;
  size_t capacity_ = 0;  ///< items the chunks have room for
};

}  // namespace ecomflow
