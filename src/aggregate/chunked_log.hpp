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
  /// Appends one item; starts a new chunk when the last one is full, in the
  /// memory of a drained chunk when there is one.
  void push_back(const Item& item) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      if (spare_.empty()) {
        chunks_.emplace_back();
        chunks_.back().reserve(kChunkItems);
      } else {
        chunks_.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
      capacity_ += chunks_.back().capacity();
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
    other.release_spare();
  }

  /// Hands every chunk but the last (the one appends go to) to
  /// `drain(std::span<const Item>)`, in insertion order, and keeps each one
  /// drained, emptied, as the memory of a later chunk: memory freed here
  /// would be handed back to the system and cost a page fault per page when
  /// allocated again. If `drain` throws, the chunks it took are gone and the rest stay.
  template <typename Drain>
  void drain_all_but_last(Drain&& drain) {
    size_t drained = 0;
    const auto keep_drained = [&] {
      for (size_t i = 0; i < drained; ++i) {
        chunks_[i].clear();
        spare_.push_back(std::move(chunks_[i]));
      }
      chunks_.erase(chunks_.begin(), chunks_.begin() + ptrdiff_t(drained));
    };
    try {
      for (; drained + 1 < chunks_.size(); ++drained) {
        drain(std::span<const Item>(chunks_[drained]));
        size_ -= chunks_[drained].size();
        capacity_ -= chunks_[drained].capacity();
      }
    } catch (...) {
      keep_drained();
      throw;
    }
    keep_drained();
  }

  /// Frees the memory kept from drained chunks.
  void release_spare() { spare_ = {}; }
  /// Bytes of memory kept from drained chunks for later ones.
  size_t spare_bytes() const { return spare_.size() * kChunkItems * sizeof(Item); }

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
  std::vector<std::vector<Item>> spare_;  ///< drained chunks' memory, empty, each of kChunkItems
  size_t size_ = 0;
  size_t capacity_ = 0;  ///< items the chunks have room for
};

}  // namespace ecomflow
