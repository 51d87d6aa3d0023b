#pragma once
/// Valid events parked on disk between the parallel pass and the warehouse
/// load, so a run's memory does not grow with its input.

#include <cstdio>
#include <span>
#include <vector>

#include "core/event.hpp"

namespace ecomflow {

/// An anonymous temporary file of (Event, input index) records, written by
/// one worker and read back once. Not thread-safe: one per worker.
class EventSpool {
 public:
  EventSpool();
  ~EventSpool();
  EventSpool(const EventSpool&) = delete;
  EventSpool& operator=(const EventSpool&) = delete;

  /// Appends events that came from top-level input `input_index`.
  void append(std::span<const Event> events, uint32_t input_index);
  /// Rewinds for reading; no appends after this.
  void finish_writing();
  /// Reads start again from the first record (after finish_writing()).
  void rewind() { finish_writing(); }
  /// Reads up to `limit` records; returns false when none are left.
  bool read(std::vector<Event>& events, std::vector<uint32_t>& input_indices, size_t limit);
  int64_t size() const { return count_; }

 private:
  struct Record {
    Event event;
    uint32_t input_index;
  };
  std::FILE* file_;
  std::vector<Record> buffer_;
  int64_t count_ = 0;
};

}  // namespace ecomflow
