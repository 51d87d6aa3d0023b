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
/// ranges, so report() gives each thread whole partitions: a thread reads
/// only its own partitions' events, and groups one partition at a time in
/// scratch it reuses.
///
/// Memory cost: 20 bytes per event without session_id and 28 with one, in
/// 16 Ki-event chunks (no per-session overhead, 8 bytes per catalog
/// customer, no hashing in add()). Each worker holds its own log until it is
/// merged into the total: merging by rvalue moves the chunks, so 100 M events
/// cost about 2 GB; merging by const reference copies them (4 GB at the peak).
/// report() needs 16 bytes per event (24 with session_id) of its largest
/// partition as scratch per thread.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "aggregate/chunked_log.hpp"
#include "aggregate/session_report.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"

namespace ecomflow {

/// Default inactivity gap that ends a session without session_id.
constexpr int64_t kDefaultSessionGapUs = 30 * 60 * kMicrosPerSecond;
/// Default bound on the per-session rows a report keeps.
constexpr size_t kDefaultMaxSessionRows = 1'000'000;

/// A log of every event, compact; mergeable by concatenation.
class SessionState {
 public:
  /// A gap longer than `gap_us` between two events of a customer starts a new session.
  SessionState(const Catalog& catalog, int64_t gap_us = kDefaultSessionGapUs);

  /// Appends a batch's events to the log; order does not matter.
  void add(std::span<const Event> events);
  /// Appends another state's log (same catalog and gap) to this one's.
  void merge(const SessionState& other);
  /// The same, taking over `other`'s log instead of copying it (`other` is left empty).
  void merge(SessionState&& other);

  /// Cuts the sessions and derives everything from them, on up to `threads`
  /// threads (ranges of customers). Sessions are walked customer by customer
  /// (gap sessions, then session_id sessions by key hash), and the first
  /// `max_rows` of them keep a Session row; the result does not depend on `threads`.
  SessionReport report(size_t max_rows = kDefaultMaxSessionRows, int threads = 1) const;

  /// Customer-range partitions of the log (fewer for catalogs of fewer customers).
  static constexpr size_t kPartitions = 16;

  /// Events logged (every event added, of any type).
  int64_t events() const;
  /// The inactivity gap that cuts sessions without session_id.
  int64_t gap_us() const { return gap_us_; }

 private:
  // 4-byte alignment keeps the log entries at 20 and 28 bytes.
  struct LoggedEvent {
    uint32_t time_low;
    uint32_t time_high;
    uint32_t customer;
    uint32_t product;
    uint32_t quantity : 29;
    uint32_t type : 3;
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

  /// One customer range's log.
  struct Partition {
    ChunkedLog<LoggedEvent, 16384> unkeyed;
    ChunkedLog<LoggedKeyedEvent, 16384> keyed;
  };
  /// Scratch that cut_partition() reuses from one partition to the next.
  struct CutScratch {
    std::vector<SessionEvent> unkeyed;
    std::vector<KeyedEvent> keyed;
    std::vector<size_t> next;
    std::vector<SessionEvent> session;
  };

  /// The partition holding `customer`'s events.
  size_t partition_of(uint32_t customer) const { return customer >> partition_shift_; }
  /// Customers [first, last) of `partition`.
  std::pair<size_t, size_t> partition_customers(size_t partition) const;
  /// Cuts the sessions of `partition`'s customers into `builder`.
  void cut_partition(size_t partition, const std::vector<size_t>& unkeyed_offsets,
                     const std::vector<size_t>& keyed_offsets, CutScratch& scratch,
                     SessionReportBuilder& builder) const;
  void add_counts(const SessionState& other);
  static LoggedEvent log_entry(const Event& event);
  static SessionEvent session_event(const LoggedEvent& logged);

  const Catalog* catalog_;
  int64_t gap_us_;
  unsigned partition_shift_;  ///< customer index >> shift = partition
  std::vector<Partition> partitions_;
  // Events per customer in each log, kept as they are added so that report()
  // need not count them in a pass of its own. 32 bits: a log past 2^32
  // events of one customer would take over 80 GB.
  std::vector<uint32_t> unkeyed_counts_;
  std::vector<uint32_t> keyed_counts_;
};

}  // namespace ecomflow
