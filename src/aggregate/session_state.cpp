#include "aggregate/session_state.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/hash.hpp"

namespace ecomflow {
namespace {

SessionEvent compact(const Event& event) {
  ECOMFLOW_CHECK(event.quantity >= 0 && event.quantity < (1 << 29));
  SessionEvent compacted{event.time, event.product, uint32_t(event.quantity), uint32_t(event.type)};
  return compacted;
}

void sort_into(std::vector<SessionEvent>& scratch, const std::vector<SessionEvent>& events) {
  scratch.assign(events.begin(), events.end());
  // Lists are mostly in order already (files are written in time order).
  if (!std::is_sorted(scratch.begin(), scratch.end())) std::sort(scratch.begin(), scratch.end());
}

}  // namespace

size_t SessionState::KeyHash::operator()(const std::pair<uint64_t, uint32_t>& key) const {
  return size_t(mix64(key.first ^ mix64(key.second)));
}

SessionState::SessionState(const Catalog& catalog, int64_t gap_us)
    : catalog_(&catalog), gap_us_(gap_us), by_customer_(catalog.customers().size()) {
  ECOMFLOW_CHECK_LE(0, gap_us);
}

std::vector<SessionEvent>& SessionState::keyed_list(uint64_t session_key, uint32_t customer) {
  if (!keyed_.empty() && session_key == last_key_ && customer == last_customer_) return keyed_[last_index_].events;
  const auto [found, inserted] = keyed_index_.try_emplace({session_key, customer}, uint32_t(keyed_.size()));
  if (inserted) keyed_.push_back({session_key, customer, {}});
  last_key_ = session_key;
  last_customer_ = customer;
  last_index_ = found->second;
  return keyed_[last_index_].events;
}

void SessionState::add(std::span<const Event> events) {
  for (const Event& event : events) {
    if (event.session_key == 0) {
      by_customer_[event.customer].push_back(compact(event));
    } else {
      keyed_list(event.session_key, event.customer).push_back(compact(event));
    }
  }
  events_ += int64_t(events.size());
}

void SessionState::merge(const SessionState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  ECOMFLOW_CHECK_EQ(gap_us_, other.gap_us_);
  for (size_t i = 0; i < by_customer_.size(); ++i) {
    by_customer_[i].insert(by_customer_[i].end(), other.by_customer_[i].begin(), other.by_customer_[i].end());
  }
  for (const KeyedList& list : other.keyed_) {
    std::vector<SessionEvent>& target = keyed_list(list.session_key, list.customer);
    target.insert(target.end(), list.events.begin(), list.events.end());
  }
  events_ += other.events_;
}

SessionReport SessionState::report(size_t max_rows) const {
  std::vector<const KeyedList*> keyed;
  keyed.reserve(keyed_.size());
  for (const KeyedList& list : keyed_) keyed.push_back(&list);
  std::sort(keyed.begin(), keyed.end(), [](const KeyedList* a, const KeyedList* b) {
    return std::pair(a->customer, a->session_key) < std::pair(b->customer, b->session_key);
  });

  SessionReportBuilder builder(*catalog_, max_rows);
  std::vector<SessionEvent> scratch;
  size_t next_keyed = 0;
  for (size_t customer = 0; customer < by_customer_.size(); ++customer) {
    if (!by_customer_[customer].empty()) {
      sort_into(scratch, by_customer_[customer]);
      size_t begin = 0;
      for (size_t i = 1; i <= scratch.size(); ++i) {
        if (i == scratch.size() || scratch[i].time - scratch[i - 1].time > gap_us_) {
          builder.add_session(uint32_t(customer), 0, std::span(scratch).subspan(begin, i - begin));
          begin = i;
        }
      }
    }
    for (; next_keyed < keyed.size() && keyed[next_keyed]->customer == customer; ++next_keyed) {
      sort_into(scratch, keyed[next_keyed]->events);
      builder.add_session(uint32_t(customer), keyed[next_keyed]->session_key, scratch);
    }
  }
  return builder.finish();
}

}  // namespace ecomflow
