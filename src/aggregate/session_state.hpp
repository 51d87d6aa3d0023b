#pragma once
/// Sessions: events grouped by session_id when the record has one, otherwise
/// per customer, cut after an inactivity gap (30 minutes by default).
///
/// Cutting needs each customer's events in time order, and events arrive in
/// file order split across threads, so the state keeps every event in a
/// compact list and sessions are only cut in report(), which sorts each list.
///
/// Memory cost: 16 bytes per event (SessionEvent) while the lists are full;
/// vector growth leaves up to 16 more (about 8 on average) of slack per event;
/// plus 24 bytes per catalog customer and about 100 bytes per distinct
/// session_id (list header and hash node). Each worker holds its own lists
/// until merge() copies them into the total, so 100 M events cost about
/// 2.4 GB at the peak of a run. report() adds one customer's list of scratch.

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "aggregate/session_report.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"

namespace ecomflow {

/// Default inactivity gap that ends a session without session_id.
constexpr int64_t kDefaultSessionGapUs = 30 * 60 * kMicrosPerSecond;
/// Default bound on the per-session rows a report keeps.
constexpr size_t kDefaultMaxSessionRows = 1'000'000;

/// Per-customer and per-session_id event lists; mergeable by concatenation.
class SessionState {
 public:
  /// A gap longer than `gap_us` between two events of a customer starts a new session.
  SessionState(const Catalog& catalog, int64_t gap_us = kDefaultSessionGapUs);

  /// Appends a batch's events to their lists; order does not matter.
  void add(std::span<const Event> events);
  /// Appends another state's lists (same catalog) to this one's.
  void merge(const SessionState& other);

  /// Cuts the sessions and derives everything from them. Sessions are walked
  /// customer by customer (gap sessions, then session_id sessions by key), and
  /// the first `max_rows` of them keep a Session row.
  SessionReport report(size_t max_rows = kDefaultMaxSessionRows) const;

  int64_t events() const { return events_; }
  int64_t gap_us() const { return gap_us_; }

 private:
  struct KeyedList {
    uint64_t session_key;
    uint32_t customer;
    std::vector<SessionEvent> events;
  };
  struct KeyHash {
    size_t operator()(const std::pair<uint64_t, uint32_t>& key) const;
  };

  std::vector<SessionEvent>& keyed_list(uint64_t session_key, uint32_t customer);

  const Catalog* catalog_;
  int64_t gap_us_;
  int64_t events_ = 0;
  std::vector<std::vector<SessionEvent>> by_customer_;  ///< events without session_id
  std::vector<KeyedList> keyed_;
  std::unordered_map<std::pair<uint64_t, uint32_t>, uint32_t, KeyHash> keyed_index_;
  // Consecutive events of one session_id skip the hash lookup.
  uint64_t last_key_ = 0;
  uint32_t last_customer_ = 0;
  uint32_t last_index_ = 0;
};

}  // namespace ecomflow
