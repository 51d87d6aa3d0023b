#pragma once
/// What a stream keeps in the database (migration 030 and the warehouse):
/// reading a partition's stored position when it is assigned, and writing
/// one commit — facts, sales, quarantine, late events, windows and the
/// offset of every partition — in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "store/database.hpp"
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

/// Writes one commit in one transaction. `first_load` lets the warehouse
/// load sync the dimensions with the catalog (the first commit of a process).
/// Throws OffsetConflict (nothing written) when a partition was taken over,
/// UserError when the database fails (nothing written either). Returns true
/// when the commit loaded facts (and so synced the dimensions).
bool write_stream_commit(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                         int64_t run_id, std::vector<PartitionCommit>& partitions, bool first_load);

}  // namespace ecomflow
