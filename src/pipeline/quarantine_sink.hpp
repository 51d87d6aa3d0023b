#pragma once
/// Where quarantined records and files go during a run: `quarantine.ndjson`
/// (one JSON line each) and, for runs that keep history, the database.

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/quarantine.hpp"

namespace ecomflow {

/// Thread-safe collector. Lines are written as they arrive; the file only
/// appears (atomically) on commit().
class QuarantineSink {
 public:
  /// `keep_for_database`: also keep the records in memory for the ledger
  /// transaction at the end of the run.
  QuarantineSink(const std::filesystem::path& file, bool keep_for_database);

  /// Takes a batch of records (one worker's, at the end of a file).
  void add(std::vector<QuarantineRecord>& records);
  /// Publishes quarantine.ndjson.
  void commit();
  /// The records kept for the database (empty unless keep_for_database).
  std::vector<QuarantineRecord>& kept() { return kept_; }

 private:
  std::mutex mutex_;
  AtomicFile file_;
  bool keep_for_database_;
  std::vector<QuarantineRecord> kept_;
  std::string line_;
};

/// One quarantine record as a JSON line (with the trailing newline).
void append_quarantine_json(const QuarantineRecord& record, std::string& out);

}  // namespace ecomflow
