#pragma once
/// Sessions of one partition, cut as the events arrive with the batch
/// analytics' definition (aggregate/session_state: a customer's events
/// without session_id are one session until a gap longer than the session
/// gap; events with one share their session_id's session) and described by
/// the batch's SessionReportBuilder, so a closed session's row is the row
/// `run` writes to sessions.csv.
///
/// A session is open while an event that is not late could still join it:
/// until the watermark passes its last event by more than the gap. Open
/// sessions are handed out as provisional rows whenever they change; a
/// closed one is handed out once more, final, and leaves memory. An event
/// can move an open session's start earlier or join two open sessions of a
/// customer: the rows stored under their old starts are then handed out to
/// be deleted.

#include <cstdint>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aggregate/session_report.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"

namespace ecomflow {

/// A session's row as it goes to the database.
struct SessionRow {
  Session session;
  bool provisional;  ///< still open: more events may join it
};

/// Where a session's row is stored: customer (catalog index), session key and start.
struct SessionRowKey {
  uint32_t customer;
  uint64_t session_key;
  TimestampUs start;
};

/// The open sessions of one partition.
class StreamSessions {
 public:
  StreamSessions(const Catalog& catalog, int64_t gap_us);

  /// Adds a valid event that is not late.
  void add(const Event& event);
  /// Closes every session whose last event is more than the gap before `watermark`.
  void close_until(TimestampUs watermark);
  /// Closes every open session (the end of a replay).
  void close_all();

  /// Whether there is anything to hand out.
  bool has_changes() const { return !closed_.empty() || !changed_.empty() || !removed_.empty(); }
  /// Appends the rows to upsert (closed sessions, changed open ones) and the
  /// stored rows to delete. The closed rows move out (their memory would
  /// double at the end of a replay, when every session closes at once).
  void collect_changes(std::vector<SessionRow>& rows, std::vector<SessionRowKey>& removed);
  /// The collected changes were stored: closed sessions leave memory.
  void mark_committed();
  /// While rebuilding, the events are ones whose rows are already stored:
  /// nothing is handed out. Turning it off means every open session's row is
  /// the one stored.
  void set_rebuilding(bool rebuilding);

  size_t open_sessions() const { return open_.size(); }
  /// Approximate bytes held.
  size_t state_bytes() const { return bytes_; }

 private:
  struct Open {
    uint32_t customer;
    uint64_t session_key;
    std::vector<SessionEvent> events;  ///< arrival order
    TimestampUs start;
    TimestampUs end;
    bool stored = false;  ///< has a provisional row under `stored_start`
    TimestampUs stored_start = 0;
    bool changed = false;  ///< since the last commit
  };
  struct KeyHash {
    size_t operator()(const std::pair<uint32_t, uint64_t>& key) const {
      return size_t(key.second * 0x9e3779b97f4a7c15ULL ^ key.first);
    }
  };
  /// A session that may close once the watermark passes `deadline` (it may
  /// have grown since: the entry is checked when it comes up).
  struct Deadline {
    TimestampUs deadline;
    uint64_t id;
    friend bool operator>(const Deadline& a, const Deadline& b) {
      return a.deadline != b.deadline ? a.deadline > b.deadline : a.id > b.id;
    }
  };

  uint64_t open_session(uint32_t customer, uint64_t session_key, TimestampUs time);
  /// Drops an open session from memory; its stored row, if under another
  /// start than `kept_start`, is handed out for deletion.
  void forget(uint64_t id, std::optional<TimestampUs> kept_start);
  void close(uint64_t id);
  Session describe(const Open& session) const;
  void mark_changed(Open& session, uint64_t id);

  const Catalog& catalog_;
  int64_t gap_us_;
  mutable SessionReportBuilder builder_;  ///< describes sessions; its counts are not used
  bool rebuilding_ = false;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Open> open_;
  std::unordered_map<uint32_t, std::vector<uint64_t>> gap_sessions_;  ///< by customer, open ones by start
  std::vector<uint64_t> joined_;  ///< scratch: the open sessions an event joins
  std::unordered_map<std::pair<uint32_t, uint64_t>, uint64_t, KeyHash>
      keyed_sessions_;  ///< customer, key → id
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::vector<uint64_t> changed_;  ///< open sessions changed since the last commit (ids, may repeat)
  std::vector<SessionRow> closed_;
  std::vector<SessionRowKey> removed_;
  size_t bytes_ = 0;
};

}  // namespace ecomflow
