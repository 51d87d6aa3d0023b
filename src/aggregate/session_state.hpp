#pragma once
/// Sessions: events grouped by session_id when the record has one, otherwise
/// per customer, cut after an inactivity gap (30 minutes by default).
///
/// Cutting needs each customer's events in time order, and events arrive in
/// file order split across threads, so the state logs every event compactly
/// and sessions are only cut in report(), which groups the log by customer
/// (a counting sort) and sorts each customer's events by time.
///
/// The log is split into kPartitions partitions of contiguous customer
/// ranges. report() gives each thread a contiguous range of customers with
/// about the same number of events: a thread reads only the partitions its
/// range covers (one split between two ranges is read by both), and groups
/// one partition at a time in scratch it reuses.
///
/// Merging keeps each state's log apart, and report() reads them one after
/// the other, each one's spilled entries before those in memory: a customer's
/// events then come back as one time-ordered run per state that logged them
/// in time order (a worker reading archives in order), fewer runs to merge
/// than if every state's spilled entries came before every state's others.
///
/// Memory cost: 20 bytes per event without session_id and 28 with one, in
/// 16 Ki-event chunks (no per-session overhead, 8 bytes per catalog
/// customer, no hashing in add()). Past the memory budget, add() writes every
/// chunk but the ones being filled to an unnamed temporary file (the same
/// bytes) and frees them; merging moves or copies chunks and the references
/// to spilled ones. report() reads a partition back from memory and the file
/// and needs 16 bytes per event (24 with session_id) of scratch for it; with
/// a budget, a partition that does not fit its thread's share is cut a range
/// of customers at a time, each range read back once.
///
/// So with a budget B, the log holds at most B in memory plus the chunks
/// being filled (two per partition that has events), and report() about B
/// more: memory does not grow with the input, only with the events of the
/// busiest single customer.

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "aggregate/chunked_log.hpp"
#include "aggregate/session_report.hpp"
#include "core/cache_line.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/spill_file.hpp"

namespace ecomflow {

/// Default inactivity gap that ends a session without session_id.
constexpr int64_t kDefaultSessionGapUs = 30 * 60 * kMicrosPerSecond;
/// Default memory budget of the session log. Spilling costs a write and a
/// read of the log, which the page cache mostly absorbs: on the benchmark
/// sets 16 MB took the same time as 64 MB and kept a run with analytics
/// under 100 MB on 1.82 M events (about 120 MB on 18.2 M).
constexpr size_t kDefaultSessionMemory = size_t(16) << 20;
/// Default bound on the per-session rows a report keeps.
constexpr size_t kDefaultMaxSessionRows = 1'000'000;

/// Sessions that no later event can change, and the events of those it can.
struct SessionCarry {
  SessionReport closed;     ///< every session but the ones `open` holds, with its first rows
  std::vector<Event> open;  ///< each customer's last gap session and every session_id session's events
};

/// A log of every event, compact; mergeable by concatenation.
class SessionState {
 public:
  /// A gap longer than `gap_us` between two events of a customer starts a
  /// new session. `memory_budget` bounds the bytes of log held in memory
  /// and, again, report()'s scratch (0 = no limit).
  SessionState(const Catalog& catalog, int64_t gap_us = kDefaultSessionGapUs,
               size_t memory_budget = kDefaultSessionMemory);

  /// Appends a batch's events to the log; order does not matter. Past the
  /// budget, writes the log's full chunks to the spill file (in $TMPDIR, else
  /// /tmp); throws UserError when that fails.
  void add(std::span<const Event> events);
  /// Appends another state's log (same catalog and gap) to this one's.
  void merge(const SessionState& other);
  /// The same, taking over `other`'s log instead of copying it (`other` is left empty).
  void merge(SessionState&& other);

  /// Sessions closed before this log's events (the report of a checkpoint):
  /// every report adds them. Each customer's closed sessions must end more
  /// than the gap before the customer's first logged event without
  /// session_id, and be cut by the same gap.
  void set_closed(SessionReport closed);
  /// The sessions set_closed() gave, if any.
  const SessionReport* closed() const { return closed_.get(); }
  /// Splits the sessions for a checkpoint: those no later event can change
  /// (later events of a customer come at or after its last logged event)
  /// into a report keeping `max_rows` rows, with the closed ones, and the
  /// events of the others. One thread; the log is left as it is.
  SessionCarry close_sessions(size_t max_rows) const;

  /// Cuts the sessions and derives everything from them, on up to `threads`
  /// threads (ranges of customers). Sessions are walked customer by customer
  /// (gap sessions, then session_id sessions by key hash), and the first
  /// `max_rows` of them keep a Session row; the result does not depend on `threads`.
  SessionReport report(size_t max_rows = kDefaultMaxSessionRows, int threads = 1) const;

  class ReportJob;
  /// report() in pieces, for a caller that schedules its own threads: up to
  /// `parts` ranges of customers to cut, then the merge. The state must
  /// outlive the job and not change meanwhile.
  ReportJob report_job(size_t max_rows = kDefaultMaxSessionRows, int parts = 1) const;

  /// Customer-range partitions of the log (fewer for catalogs of fewer customers).
  static constexpr size_t kPartitions = 16;

  /// Events logged (every event added, of any type).
  int64_t events() const;
  /// Logged events that were written to a spill file, and their bytes.
  int64_t spilled_events() const { return spilled_events_; }
  uint64_t spilled_bytes() const { return spilled_bytes_; }
  /// Bytes of log held in memory.
  size_t memory_bytes() const;
  size_t memory_budget() const { return memory_budget_; }
  /// The inactivity gap that cuts sessions without session_id.
  int64_t gap_us() const { return gap_us_; }

 private:
  // 4-byte alignment keeps the log entries at 20 and 28 bytes. Quantity and
  // type share a word packed by hand: a bit-field member would be written by
  // reading the destination first, a cache miss per logged event.
  struct LoggedEvent {
    uint32_t time_low;
    uint32_t time_high;
    uint32_t customer;
    uint32_t product;
    uint32_t quantity_and_type;  ///< quantity | type << 29
  };
  struct LoggedKeyedEvent {
    uint32_t key_low;
    uint32_t key_high;
    LoggedEvent event;
  };
  /// A session_id event as report() sorts it.
  struct KeyedEvent {
    uint64_t session_key;
    SessionEvent event;
    friend bool operator<(const KeyedEvent& a, const KeyedEvent& b) {
      return a.session_key != b.session_key ? a.session_key < b.session_key : a.event < b.event;
    }
  };
  static_assert(sizeof(LoggedEvent) == 20 && sizeof(LoggedKeyedEvent) == 28 && sizeof(KeyedEvent) == 24);

  /// `count` log entries written from byte `offset` of `file`.
  struct SpilledRun {
    std::shared_ptr<const SpillFile> file;
    uint64_t offset;
    size_t count;
  };
  /// One customer range's log: spilled runs first, then what is in memory.
  struct Partition {
    ChunkedLog<LoggedEvent, 16384> unkeyed;
    ChunkedLog<LoggedKeyedEvent, 16384> keyed;
    std::vector<SpilledRun> unkeyed_spilled;
    std::vector<SpilledRun> keyed_spilled;
  };
  /// Scratch that cut_customers() reuses from one range to the next; one
  /// thread writes it, so it shares no cache line with other data.
  struct CutScratch {
    CacheLineVector<SessionEvent> unkeyed;
    CacheLineVector<KeyedEvent> keyed;
    CacheLineVector<size_t> next;
    CacheLineVector<SessionEvent> session;
    CacheLineVector<LoggedEvent> read_unkeyed;  ///< spilled entries on their way back
    CacheLineVector<LoggedKeyedEvent> read_keyed;
    CacheLineVector<SessionEvent> merge_unkeyed;  ///< sort_runs() buffers
    CacheLineVector<KeyedEvent> merge_keyed;
  };

  /// One state's log, partitioned.
  using Log = std::vector<Partition>;

  /// The partition holding `customer`'s events.
  size_t partition_of(uint32_t customer) const { return customer >> partition_shift_; }
  size_t partition_count() const { return logs_.front().size(); }
  /// Customers [first, last) of `partition`.
  std::pair<size_t, size_t> partition_customers(size_t partition) const;
  /// Cuts the sessions of customers [first, last), all in `partition`, into `builder`.
  /// With `carried`, each customer's last gap session and its session_id
  /// sessions are appended there as events instead.
  void cut_customers(size_t partition, size_t first, size_t last, const std::vector<size_t>& unkeyed_offsets,
                     const std::vector<size_t>& keyed_offsets, CutScratch& scratch,
                     SessionReportBuilder& builder, std::vector<Event>* carried = nullptr) const;
  /// Writes every partition's full chunks to the spill file.
  void spill();
  /// Whether `log` holds any entry, in memory or spilled.
  static bool holds_events(const Log& log);
  void add_counts(const SessionState& other);
  static LoggedEvent log_entry(const Event& event);
  static SessionEvent session_event(const LoggedEvent& logged);

  const Catalog* catalog_;
  int64_t gap_us_;
  size_t memory_budget_;
  std::shared_ptr<SpillFile> spill_file_;  ///< this state's own spills; opened on the first
  int64_t spilled_events_ = 0;             ///< in every run referenced, own or merged
  uint64_t spilled_bytes_ = 0;
  unsigned partition_shift_;  ///< customer index >> shift = partition
  /// This state's own log (add() writes it), then each merged state's log in
  /// merge order; never empty.
  std::vector<Log> logs_;
  // Events per customer in each log, kept as they are added so that report()
  // need not count them in a pass of its own. 32 bits: a log past 2^32
  // events of one customer would take over 80 GB.
  std::vector<uint32_t> unkeyed_counts_;
  std::vector<uint32_t> keyed_counts_;
  std::shared_ptr<const SessionReport> closed_;  ///< see set_closed()
};

/// The sessions of one state cut in parts: cut() every part, on any threads
/// (each part on one), then finish() once they all are done.
class SessionState::ReportJob {
 public:
  /// Ranges of customers, each about as many events as the others.
  size_t parts() const { return bounds_.size() - 1; }
  /// Cuts the sessions of part `part` into a builder of its own.
  void cut(size_t part);
  /// Merges the parts in customer order; the report is what report() returns.
  SessionReport finish();

 private:
  friend class SessionState;
  ReportJob(const SessionState& state, size_t max_rows, int parts, std::vector<Event>* carried = nullptr);
  /// Events logged for the customers before `customer`.
  size_t logged_before(size_t customer) const {
    return unkeyed_offsets_[customer] + keyed_offsets_[customer];
  }

  const SessionState* state_;
  size_t max_rows_;
  std::vector<Event>* carried_;  ///< see cut_customers()
  std::vector<size_t> unkeyed_offsets_;
  std::vector<size_t> keyed_offsets_;
  std::vector<size_t> bounds_;  ///< first customer of each part, then the end
  size_t scratch_budget_;       ///< bytes of cut scratch per part
  std::vector<std::unique_ptr<SessionReportBuilder>> builders_;
  /// The lowest part whose rows alone fill the limit (SessionReportBuilder::share_row_limit).
  std::unique_ptr<std::atomic<size_t>> first_full_part_;
};

}  // namespace ecomflow
