#pragma once
/// Reads the records of an events directory one by one, as `run` finds
/// them, for replaying them into Kafka: each record's raw bytes and its
/// customer_id (the message key).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// What a directory held.
struct ArchiveRecordCounts {
  int64_t records = 0;                  ///< records handed out (valid or not)
  int64_t files_read = 0;               ///< leaf files split into records
  std::vector<std::string> unreadable;  ///< leaf files or archives that could not be split, with why
};

/// Calls `record(raw, customer_id)` for every record of every input under
/// `dir` (the same discovery, archive walk and decoders as `run`), in file
/// order and, within a file, record order. Records that do not decode (an
/// NDJSON line that is not JSON) are handed out too, with an empty key. A
/// file that cannot be split into records (corrupt archive, malformed JSON
/// array, CSV, whose rows are not JSON messages) is named in `unreadable`.
ArchiveRecordCounts read_archive_records(
    const std::filesystem::path& dir,
    const std::function<void(std::string_view raw, std::string_view key)>& record);

}  // namespace ecomflow
