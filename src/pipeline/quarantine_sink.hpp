#pragma once
/// Where quarantined records and files go during a run: `quarantine.ndjson`
/// (one JSON line each) and, for runs that keep history, the database.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/quarantine.hpp"
#include "core/spill_file.hpp"

namespace ecomflow {

/// quarantine.ndjson's mode before the umask: owner only, as it holds copied input text.
constexpr unsigned kQuarantineFileMode = 0600;

/// Thread-safe collector. Lines are written as they arrive; the file only
/// appears (atomically) on commit().
class QuarantineSink {
 public:
  /// `keep_for_database`: also keep the records, in an unnamed temporary
  /// file (in $TMPDIR, else /tmp), for the ledger transaction at the end of
  /// the run, so that memory does not grow with the number quarantined.
  QuarantineSink(const std::filesystem::path& file, bool keep_for_database);

  /// Takes a batch of records (one worker's, at the end of a file).
  void add(std::vector<QuarantineRecord>& records);
  /// Publishes quarantine.ndjson.
  void commit();

  /// Reads the kept records back in the order they were added.
  class KeptReader {
   public:
    /// The next record, or false when all have been read.
    bool next(QuarantineRecord& record);

   private:
    friend class QuarantineSink;
    explicit KeptReader(const QuarantineSink& sink) : sink_(sink) {}
    /// Makes at least `bytes` unread bytes available in buffer_; false at the end of the file.
    bool fill(size_t bytes);
    const QuarantineSink& sink_;
    uint64_t offset_ = 0;  ///< file offset of buffer_[0]
    std::string buffer_;
    size_t position_ = 0;  ///< next unread byte of buffer_
  };
  /// A reader of the kept records (none unless keep_for_database). Call
  /// after the last add(); throws UserError if the file cannot be read.
  KeptReader kept() const { return KeptReader(*this); }
  /// Records kept for the database.
  int64_t kept_count() const { return kept_count_; }

 private:
  std::mutex mutex_;
  AtomicFile file_;
  bool keep_for_database_;
  SpillFile kept_file_;
  int64_t kept_count_ = 0;
  std::string line_;
};

/// One quarantine record as a JSON line (with the trailing newline).
void append_quarantine_json(const QuarantineRecord& record, std::string& out);

}  // namespace ecomflow
