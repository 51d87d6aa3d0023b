#pragma once
/// What a stream keeps in the database (migration 030 and the warehouse):
/// reading a partition's stored position when it is assigned, and writing
/// one commit — facts, sales, quarantine, late events, windows and the
/// offset of every partition — in one transaction.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "store/database.hpp"
#include "store/warehouse_dimensions.hpp"
#include "stream/stream_partition.hpp"

namespace ecomflow {

/// Which topic and group a stream's rows belong to.
struct StreamIdentity {
  std::string topic;
  std::string group;
};

/// One partition's share of a commit.
struct PartitionCommit {
  int32_t partition;
  int64_t expected_offset;  ///< the stored next_offset this consumer last saw
  int64_t next_offset;
  std::optional<TimestampUs> watermark;
  std::optional<TimestampUs> max_event_time;
  PartitionCounts counts;  ///< cumulative over every run
  PartitionChanges changes;
};

/// The source name of a partition: `kafka:TOPIC/PARTITION` (quarantine and ledger).
std::string partition_source_name(const std::string& topic, int32_t partition);

/// Reads what the database stores for `partition` (zeros when nothing).
StoredPartition read_stored_partition(Database& database, const StreamIdentity& stream, int32_t partition);

/// Thrown when a partition's stored offset is not the one this consumer
/// expected: another consumer of the group has written it since.
class OffsetConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a stream process knows about the warehouse between its commits, so
/// that most commits only append facts: the dimension keys once the first
/// load has synced the dimensions with the catalog, the days dim_date holds,
/// and whether the agg_* tables lag the facts.
struct StreamWarehouse {
  std::shared_ptr<const DimensionKeys> keys;  ///< null until this process's first full load
  DayNumber first_day = 0;                    ///< dim_date's range (valid with `keys`)
  DayNumber last_day = -1;
  bool aggregates_stale = false;  ///< facts appended since the aggregates were last rebuilt
  std::chrono::steady_clock::time_point aggregates_rebuilt{};
  double rebuild_seconds = 0;  ///< how long the last rebuild took
};

/// Writes one commit in one transaction. The first commit with events goes
/// through store's load_warehouse, which syncs the dimensions with the
/// catalog and rebuilds the aggregates; the others extend dim_date when they
/// need to and append facts only, and the aggregates are
/// rebuilt when `final` is set or at most every 30 s (or ten times the last
/// rebuild's duration, whichever is longer), so their cost does not grow
/// with every commit. `warehouse` is updated only when the transaction
/// commits. Throws OffsetConflict (nothing written) when a partition was
/// taken over, UserError when the database fails (nothing written either).
void write_stream_commit(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                         int64_t run_id, std::vector<PartitionCommit>& partitions, StreamWarehouse& warehouse,
                         bool final);

}  // namespace ecomflow
