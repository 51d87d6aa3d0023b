#pragma once
/// The state of one consumed partition: where it stands (offsets, event-time
/// watermark), what it has counted, its open windows and duplicate index,
/// and the rows waiting for the next commit. Everything a partition
/// produces depends only on its own messages, in offset order, so any
/// consumer of the group, live or replaying, computes the same rows.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "aggregate/session_state.hpp"
#include "core/catalog.hpp"
#include "core/quarantine.hpp"
#include "stream/message_checker.hpp"
#include "stream/stream_sessions.hpp"
#include "stream/tumbling_windows.hpp"
#include "validate/deduplicator.hpp"

namespace ecomflow {

/// Per-partition outcome counts: consumed = valid + quarantined + duplicates + late.
struct PartitionCounts {
  int64_t consumed = 0;
  int64_t valid = 0;
  int64_t quarantined = 0;
  int64_t duplicates = 0;
  int64_t late = 0;
  PartitionCounts& operator+=(const PartitionCounts& other);
};

/// A valid event that came after its partition's watermark had passed it.
struct LateEvent {
  int64_t offset;
  TimestampUs event_time;
  TimestampUs watermark;  ///< the partition's watermark when it arrived
  std::string raw;
};

/// A product's activity in one partition, from its first message on.
struct ProductMetrics {
  int64_t views = 0;
  int64_t cart_adds = 0;
  int64_t cart_removes = 0;
  int64_t purchases = 0;
  int64_t units = 0;
  Cents revenue = 0;
};

/// A product's row as it goes to the database.
struct ProductRow {
  uint32_t product;  ///< catalog index
  ProductMetrics metrics;
};

/// What the database holds about a partition when it is assigned.
struct StoredPartition {
  int64_t next_offset = 0;  ///< first offset whose results are not stored
  std::optional<TimestampUs> watermark;
  PartitionCounts counts;
  std::unordered_set<int64_t> late_offsets;  ///< messages stored as late events
};

/// The rows a partition has produced since its last commit.
struct PartitionChanges {
  std::vector<Event> events;  ///< valid, not late: facts and sales
  std::vector<QuarantineRecord> quarantined;
  std::vector<LateEvent> late;
  std::vector<WindowRow> windows;
  std::vector<ProductRow> products;
  std::vector<SessionRow> sessions;             ///< closed, and open ones changed (provisional)
  std::vector<SessionRowKey> sessions_removed;  ///< stored rows of sessions that moved or merged
};

/// One partition of the topic, as this consumer holds it.
class StreamPartition {
 public:
  /// Starts from what the database stores. Messages before
  /// `stored.next_offset` are replayed to rebuild the state only.
  StreamPartition(int32_t partition, const std::string& source_name, const Catalog& catalog,
                  TimestampUs lateness, StoredPartition stored, const Deduplicator::Options& dedupe,
                  int64_t session_gap_us = kDefaultSessionGapUs);

  /// Takes the message at `offset` through check → dedupe → lateness → windows.
  void consume(int64_t offset, std::string_view payload, MessageChecker& checker);
  /// Moves the watermark up to `watermark` (idle partitions, the end of input)
  /// and closes the windows it passes.
  void advance_watermark(TimestampUs watermark);

  /// Closes every open window and session without moving the watermark
  /// (the end of a replay: nothing more will come).
  void close_all_windows();

  /// Whether there is anything to commit.
  bool has_changes() const;
  /// Hands what the next commit must store to `out` (rows move out: they
  /// are the commit's until it is stored, and a commit that fails ends the stream).
  void collect_changes(PartitionChanges& out);
  /// The collected changes were stored.
  void mark_committed();

  int32_t partition() const { return partition_; }
  bool rebuilding() const { return next_offset_ < stored_.next_offset; }
  /// First offset not consumed yet.
  int64_t next_offset() const { return next_offset_; }
  /// next_offset() as of the last commit.
  int64_t committed_offset() const { return committed_offset_; }
  std::optional<TimestampUs> watermark() const { return watermark_; }
  std::optional<TimestampUs> max_event_time() const { return max_event_time_; }
  const PartitionCounts& counts() const { return counts_; }
  size_t open_windows() const { return minutes_.open_windows() + hours_.open_windows(); }
  size_t open_sessions() const { return sessions_.open_sessions(); }
  size_t state_bytes() const {
    return minutes_.state_bytes() + hours_.state_bytes() + sessions_.state_bytes();
  }

 private:
  void consume_message(int64_t offset, std::string_view payload, MessageChecker& checker);
  void accept(const Event& event);

  int32_t partition_;
  std::string source_name_;  ///< `kafka:TOPIC/PARTITION`, the quarantine's source file
  const Catalog& catalog_;
  TimestampUs lateness_;
  StoredPartition stored_;
  Deduplicator deduplicator_;
  TumblingWindows minutes_{60};
  TumblingWindows hours_{3600};
  StreamSessions sessions_;
  std::optional<TimestampUs> max_event_time_;
  std::optional<TimestampUs> watermark_;
  int64_t next_offset_ = 0;
  int64_t committed_offset_ = 0;
  PartitionCounts counts_;
  std::vector<Event> events_;
  std::vector<QuarantineRecord> quarantined_;
  std::vector<LateEvent> late_;
  std::vector<ProductMetrics> products_;  ///< by catalog index
  std::vector<uint32_t> changed_products_;
  std::vector<bool> product_changed_;
};

}  // namespace ecomflow
