#include "pipeline/event_spool.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace ecomflow {
namespace {

[[noreturn]] void spool_failed(const char* what) {
  throw UserError(
      fmt::format("cannot {} the temporary event spool (TMPDIR): {}", what, std::strerror(errno)));
}

}  // namespace

EventSpool::EventSpool() : file_(std::tmpfile()) {
  if (file_ == nullptr) spool_failed("create");
}

EventSpool::~EventSpool() { std::fclose(file_); }

void EventSpool::append(std::span<const Event> events, uint32_t input_index) {
  buffer_.clear();
  buffer_.reserve(events.size());
  for (const Event& event : events) buffer_.push_back({event, input_index});
  if (std::fwrite(buffer_.data(), sizeof(Record), buffer_.size(), file_) != buffer_.size())
    spool_failed("write");
  count_ += int64_t(events.size());
}

void EventSpool::finish_writing() {
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) spool_failed("rewind");
}

bool EventSpool::read(std::vector<Event>& events, std::vector<uint32_t>& input_indices, size_t limit) {
  buffer_.resize(limit);
  const size_t count = std::fread(buffer_.data(), sizeof(Record), limit, file_);
  if (count == 0 && std::ferror(file_)) spool_failed("read");
  events.clear();
  input_indices.clear();
  for (size_t i = 0; i < count; ++i) {
    events.push_back(buffer_[i].event);
    input_indices.push_back(buffer_[i].input_index);
  }
  return count > 0;
}

}  // namespace ecomflow
