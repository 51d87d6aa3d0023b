#pragma once
/// Valid events parked on disk between the parallel pass and the warehouse
/// load, so a run's memory does not grow with its input.

#include <span>
#include <vector>

#include "core/event.hpp"
#include "core/spill_file.hpp"

namespace ecomflow {

/// An unnamed temporary file (in $TMPDIR, else /tmp) of (Event, input
/// index) records, written by one worker and then read back, once or more.
/// Not thread-safe: one per worker.
class EventSpool {
 public:
  EventSpool();

  /// Appends events that came from top-level input `input_index`.
  void append(std::span<const Event> events, uint32_t input_index);
  /// Reads start (again) from the first record.
  void rewind() { read_offset_ = 0; }
  /// Reads up to `limit` records; returns false when none are left.
  bool read(std::vector<Event>& events, std::vector<uint32_t>& input_indices, size_t limit);
  int64_t size() const { return count_; }

 private:
  struct Record {
    Event event;
    uint32_t input_index;
  };
  SpillFile file_;
  std::vector<Record> buffer_;
  int64_t count_ = 0;
  uint64_t read_offset_ = 0;  ///< bytes
};

}  // namespace ecomflow
