#pragma once
/// The accounting of one run: every record and file has exactly one outcome,
/// and records_read == valid + quarantined + duplicates.

#include <cstdint>

#include "core/money.hpp"
#include "core/quarantine.hpp"

namespace ecomflow {

/// Counters of a run (or a part of one); mergeable by addition.
struct RunCounts {
  int64_t inputs_seen = 0;        ///< top-level files found in the events directory
  int64_t inputs_skipped = 0;     ///< top-level files already in the ledger (incremental runs)
  int64_t inputs_refused = 0;     ///< symbolic links leaving the events directory: not read
  int64_t files_read = 0;         ///< leaf files (part files, plain files) decoded
  int64_t files_quarantined = 0;  ///< leaf files or archives that could not be read
  int64_t records_read = 0;
  int64_t valid = 0;
  int64_t duplicates = 0;
  int64_t quarantined_by_reason[kQuarantineReasonCount] = {};  ///< record-level only
  int64_t file_problems_by_reason[kQuarantineReasonCount] = {};
  int64_t bytes_read = 0;     ///< bytes of top-level files on disk
  int64_t bytes_decoded = 0;  ///< bytes of inflated leaf files

  int64_t quarantined() const {
    int64_t total = 0;
    for (int64_t count : quarantined_by_reason) total += count;
    return total;
  }
  bool balanced() const { return records_read == valid + quarantined() + duplicates; }

  void merge(const RunCounts& other) {
    inputs_seen += other.inputs_seen;
    inputs_skipped += other.inputs_skipped;
    inputs_refused += other.inputs_refused;
    files_read += other.files_read;
    files_quarantined += other.files_quarantined;
    records_read += other.records_read;
    valid += other.valid;
    duplicates += other.duplicates;
    for (int i = 0; i < kQuarantineReasonCount; ++i) {
      quarantined_by_reason[i] += other.quarantined_by_reason[i];
      file_problems_by_reason[i] += other.file_problems_by_reason[i];
    }
    bytes_read += other.bytes_read;
    bytes_decoded += other.bytes_decoded;
  }
};

}  // namespace ecomflow
