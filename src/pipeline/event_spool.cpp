#include "pipeline/event_spool.hpp"

#include <algorithm>

namespace ecomflow {

EventSpool::EventSpool() : file_({}, "event", "point TMPDIR at a writable directory with free space") {}

void EventSpool::append(std::span<const Event> events, uint32_t input_index) {
  buffer_.clear();
  buffer_.reserve(events.size());
  for (const Event& event : events) buffer_.push_back({event, input_index});
  file_.append_items(std::span<const Record>(buffer_));
  count_ += int64_t(events.size());
}

bool EventSpool::read(std::vector<Event>& events, std::vector<uint32_t>& input_indices, size_t limit) {
  const uint64_t left = (file_.bytes_written() - read_offset_) / sizeof(Record);
  const size_t count = size_t(std::min<uint64_t>(left, limit));
  events.clear();
  input_indices.clear();
  if (count == 0) return false;
  buffer_.resize(count);
  file_.read_items(read_offset_, std::span<Record>(buffer_));
  read_offset_ += count * sizeof(Record);
  for (const Record& record : buffer_) {
    events.push_back(record.event);
    input_indices.push_back(record.input_index);
  }
  return true;
}

}  // namespace ecomflow
