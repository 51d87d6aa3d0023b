#include "stream/stream_sessions.hpp"

#include <algorithm>
#include <limits>

namespace ecomflow {
namespace {

/// Memory of an open session besides its events (map nodes, vectors).
constexpr size_t kSessionOverhead = 160;

}  // namespace

StreamSessions::StreamSessions(const Catalog& catalog, int64_t gap_us)
    : catalog_(catalog), gap_us_(gap_us), builder_(catalog, std::numeric_limits<size_t>::max()) {}

uint64_t StreamSessions::open_session(uint32_t customer, uint64_t session_key, TimestampUs time) {
  const uint64_t id = next_id_++;
  Open& session = open_[id];
  session.customer = customer;
  session.session_key = session_key;
  session.start = session.end = time;
  deadlines_.push({time + gap_us_, id});
  bytes_ += kSessionOverhead;
  return id;
}

void StreamSessions::mark_changed(Open& session, uint64_t id) {
  if (rebuilding_ || session.changed) return;
  session.changed = true;
  changed_.push_back(id);
}

void StreamSessions::add(const Event& event) {
  const SessionEvent logged{event.time, event.product, uint32_t(event.quantity), uint32_t(event.type)};
  uint64_t id = 0;
  if (event.session_key != 0) {
    const auto [found, inserted] = keyed_sessions_.try_emplace({event.customer, event.session_key}, 0);
    if (inserted) found->second = open_session(event.customer, event.session_key, event.time);
    id = found->second;
  } else {
    // The batch cut: a customer's events sorted by time are one session
    // until two of them are more than the gap apart. So the event joins
    // every open session it comes within the gap of, and joins them together.
    // A customer's open sessions are more than the gap apart (else one event
    // joined them), so, sorted by start, they are sorted by end too: the
    // sessions the event can join are found by a binary search, at most two.
    std::vector<uint64_t>& ids = gap_sessions_[event.customer];
    const auto after =
        std::upper_bound(ids.begin(), ids.end(), event.time + gap_us_,
                         [&](TimestampUs time, uint64_t other) { return time < open_.at(other).start; });
    joined_.clear();
    for (auto it = after; it != ids.begin();) {
      --it;
      if (open_.at(*it).end + gap_us_ < event.time) break;
      joined_.push_back(*it);
    }
    if (joined_.empty()) {
      // Every session before `after` ends more than the gap before the
      // event, every one from it on starts after it: the order holds.
      const auto position = after - ids.begin();
      id = open_session(event.customer, 0, event.time);
      ids.insert(ids.begin() + position, id);
    } else {
      // Merge into the session that started first (ids break ties: deterministic).
      id = *std::min_element(joined_.begin(), joined_.end(), [&](uint64_t a, uint64_t b) {
        const Open &x = open_.at(a), &y = open_.at(b);
        return x.start != y.start ? x.start < y.start : a < b;
      });
      Open& target = open_.at(id);
      for (const uint64_t other : joined_) {
        if (other == id) continue;
        Open& merged = open_.at(other);
        target.events.insert(target.events.end(), merged.events.begin(), merged.events.end());
        target.start = std::min(target.start, merged.start);
        target.end = std::max(target.end, merged.end);
        bytes_ += merged.events.size() * sizeof(SessionEvent);
        forget(other, std::nullopt);
      }
    }
  }
  Open& session = open_.at(id);
  session.events.push_back(logged);
  session.start = std::min(session.start, event.time);
  session.end = std::max(session.end, event.time);
  bytes_ += sizeof(SessionEvent);
  mark_changed(session, id);
}

void StreamSessions::forget(uint64_t id, std::optional<TimestampUs> kept_start) {
  const auto found = open_.find(id);
  Open& session = found->second;
  if (session.stored && (!kept_start || *kept_start != session.stored_start))
    removed_.push_back({session.customer, session.session_key, session.stored_start});
  if (session.session_key != 0) {
    keyed_sessions_.erase({session.customer, session.session_key});
  } else {
    const auto list = gap_sessions_.find(session.customer);
    std::erase(list->second, id);
    if (list->second.empty()) gap_sessions_.erase(list);
  }
  bytes_ -= kSessionOverhead + session.events.size() * sizeof(SessionEvent);
  open_.erase(found);
}

void StreamSessions::close(uint64_t id) {
  Open& session = open_.at(id);
  if (!rebuilding_) closed_.push_back({describe(session), false});
  forget(id, session.start);
}

void StreamSessions::close_until(TimestampUs watermark) {
  while (!deadlines_.empty() && deadlines_.top().deadline < watermark) {
    const uint64_t id = deadlines_.top().id;
    deadlines_.pop();
    const auto found = open_.find(id);
    if (found == open_.end()) continue;  // merged into another or closed
    const TimestampUs deadline = found->second.end + gap_us_;
    if (deadline < watermark) {
      close(id);
    } else {
      deadlines_.push({deadline, id});  // it grew since the entry was made
    }
  }
}

void StreamSessions::close_all() {
  std::vector<uint64_t> ids;
  ids.reserve(open_.size());
  for (const auto& [id, session] : open_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  // As close() one by one, without taking each session out of its customer's list.
  for (const uint64_t id : ids) {
    const Open& session = open_.at(id);
    if (!rebuilding_) closed_.push_back({describe(session), false});
    if (session.stored && session.stored_start != session.start)
      removed_.push_back({session.customer, session.session_key, session.stored_start});
  }
  open_.clear();
  gap_sessions_.clear();
  keyed_sessions_.clear();
  deadlines_ = {};
  bytes_ = 0;
}

Session StreamSessions::describe(const Open& session) const {
  std::vector<SessionEvent> events = session.events;
  std::sort(events.begin(), events.end());
  builder_.add_session(session.customer, session.session_key, events);
  return builder_.take_rows().back();
}

void StreamSessions::collect_changes(std::vector<SessionRow>& rows, std::vector<SessionRowKey>& removed) {
  removed.insert(removed.end(), removed_.begin(), removed_.end());
  for (const uint64_t id : changed_) {
    const auto found = open_.find(id);
    if (found == open_.end()) continue;
    const Open& session = found->second;
    if (session.stored && session.stored_start != session.start)
      removed.push_back({session.customer, session.session_key, session.stored_start});
    rows.push_back({describe(session), true});
  }
  rows.insert(rows.end(), std::make_move_iterator(closed_.begin()), std::make_move_iterator(closed_.end()));
  closed_.clear();
  closed_.shrink_to_fit();
}

void StreamSessions::mark_committed() {
  for (const uint64_t id : changed_) {
    const auto found = open_.find(id);
    if (found == open_.end()) continue;
    Open& session = found->second;
    session.stored = true;
    session.stored_start = session.start;
    session.changed = false;
  }
  changed_.clear();
  closed_.clear();
  removed_.clear();
}

void StreamSessions::set_rebuilding(bool rebuilding) {
  if (rebuilding_ && !rebuilding) {
    for (auto& [id, session] : open_) {
      session.stored = true;
      session.stored_start = session.start;
    }
  }
  rebuilding_ = rebuilding;
}

}  // namespace ecomflow
