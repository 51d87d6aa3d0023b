#include "aggregate/session_state.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Start offset of each customer's events after a counting sort; entry
/// `customers` is the total.
template <typename Log, typename CustomerOf>
std::vector<size_t> customer_offsets(const Log& log, size_t customers, CustomerOf customer_of) {
  std::vector<size_t> offsets(customers + 1, 0);
  log.for_each([&](const auto& entry) { ++offsets[customer_of(entry) + 1]; });
  for (size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  return offsets;
}

/// Sorts a customer's slice. It is usually a few sorted runs already: each
/// worker logs its files in time order and the logs are concatenated, so
/// merging the runs is linear where a full sort is not.
template <typename Item>
void sort_slice(std::span<Item> slice) {
  constexpr size_t kMaxRunsToMerge = 16;
  std::vector<size_t> run_starts{0};
  for (size_t i = 1; i < slice.size(); ++i) {
    if (slice[i] < slice[i - 1]) {
      run_starts.push_back(i);
      if (run_starts.size() > kMaxRunsToMerge) {
        std::sort(slice.begin(), slice.end());
        return;
      }
    }
  }
  // Bottom-up: merge neighbouring runs until one is left.
  while (run_starts.size() > 1) {
    std::vector<size_t> merged;
    for (size_t run = 0; run < run_starts.size(); run += 2) {
      merged.push_back(run_starts[run]);
      if (run + 1 == run_starts.size()) break;
      const size_t end = run + 2 < run_starts.size() ? run_starts[run + 2] : slice.size();
      std::inplace_merge(slice.begin() + run_starts[run], slice.begin() + run_starts[run + 1],
                         slice.begin() + end);
    }
    run_starts = std::move(merged);
  }
}

}  // namespace

SessionState::SessionState(const Catalog& catalog, int64_t gap_us) : catalog_(&catalog), gap_us_(gap_us) {
  ECOMFLOW_CHECK_LE(0, gap_us);
}

SessionState::LoggedEvent SessionState::log_entry(const Event& event) {
  ECOMFLOW_CHECK(event.quantity >= 0 && event.quantity < (1 << 29));
  const uint64_t time = uint64_t(event.time);
  LoggedEvent logged{uint32_t(time), uint32_t(time >> 32),     event.customer,
                     event.product,  uint32_t(event.quantity), uint32_t(event.type)};
  return logged;
}

SessionEvent SessionState::session_event(const LoggedEvent& logged) {
  const TimestampUs time = TimestampUs(uint64_t(logged.time_low) | uint64_t(logged.time_high) << 32);
  SessionEvent event{time, logged.product, logged.quantity, logged.type};
  return event;
}

void SessionState::add(std::span<const Event> events) {
  for (const Event& event : events) {
    if (event.session_key == 0) {
      unkeyed_.push_back(log_entry(event));
    } else {
      keyed_.push_back({uint32_t(event.session_key), uint32_t(event.session_key >> 32), log_entry(event)});
    }
  }
}

void SessionState::merge(const SessionState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  ECOMFLOW_CHECK_EQ(gap_us_, other.gap_us_);
  unkeyed_.append(other.unkeyed_);
  keyed_.append(other.keyed_);
}

void SessionState::merge(SessionState&& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  ECOMFLOW_CHECK_EQ(gap_us_, other.gap_us_);
  unkeyed_.append(std::move(other.unkeyed_));
  keyed_.append(std::move(other.keyed_));
}

SessionReport SessionState::report(size_t max_rows) const {
  const size_t customers = catalog_->customers().size();
  const std::vector<size_t> unkeyed_offsets =
      customer_offsets(unkeyed_, customers, [](const LoggedEvent& entry) { return entry.customer; });
  std::vector<SessionEvent> unkeyed(unkeyed_.size());
  {
    std::vector<size_t> next(unkeyed_offsets.begin(), unkeyed_offsets.end() - 1);
    unkeyed_.for_each(
        [&](const LoggedEvent& entry) { unkeyed[next[entry.customer]++] = session_event(entry); });
  }
  const std::vector<size_t> keyed_offsets =
      customer_offsets(keyed_, customers, [](const LoggedKeyedEvent& entry) { return entry.event.customer; });
  std::vector<KeyedEvent> keyed(keyed_.size());
  {
    std::vector<size_t> next(keyed_offsets.begin(), keyed_offsets.end() - 1);
    keyed_.for_each([&](const LoggedKeyedEvent& entry) {
      keyed[next[entry.event.customer]++] = {uint64_t(entry.key_low) | uint64_t(entry.key_high) << 32,
                                             session_event(entry.event)};
    });
  }

  SessionReportBuilder builder(*catalog_, max_rows);
  builder.reserve_rows(unkeyed.size() + keyed.size());  // an upper bound: a session has at least one event
  std::vector<SessionEvent> session;
  for (size_t customer = 0; customer < customers; ++customer) {
    const std::span<SessionEvent> events = std::span(unkeyed).subspan(
        unkeyed_offsets[customer], unkeyed_offsets[customer + 1] - unkeyed_offsets[customer]);
    sort_slice(events);
    size_t begin = 0;
    for (size_t i = 1; i <= events.size(); ++i) {
      if (i == events.size() || events[i].time - events[i - 1].time > gap_us_) {
        builder.add_session(uint32_t(customer), 0, events.subspan(begin, i - begin));
        begin = i;
      }
    }
    const std::span<KeyedEvent> keyed_events = std::span(keyed).subspan(
        keyed_offsets[customer], keyed_offsets[customer + 1] - keyed_offsets[customer]);
    sort_slice(keyed_events);
    for (size_t i = 0; i < keyed_events.size(); ++i) {
      session.push_back(keyed_events[i].event);
      if (i + 1 == keyed_events.size() || keyed_events[i + 1].session_key != keyed_events[i].session_key) {
        builder.add_session(uint32_t(customer), keyed_events[i].session_key, session);
        session.clear();
      }
    }
  }
  return builder.finish();
}

}  // namespace ecomflow
