#pragma once
/// One worker's share of a batch run: takes top-level input files one at a
/// time and pushes their records through decode → validate → enrich →
/// dedupe → aggregate, accounting for every record.

#include <filesystem>
#include <vector>

#include "aggregate/aggregates.hpp"
#include "aggregate/run_counts.hpp"
#include "enrich/catalog_join.hpp"
#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"
#include "pipeline/event_spool.hpp"
#include "pipeline/quarantine_sink.hpp"
#include "validate/deduplicator.hpp"

namespace ecomflow {

/// Per-thread pipeline; owns its walker, decoder and buffers so that nothing
/// is allocated per record in the steady state.
class FileProcessor {
 public:
  struct Options {
    ContractLimits limits;
    size_t batch_size = 8192;     ///< events handed to aggregation at a time
    EventSpool* spool = nullptr;  ///< where valid events go for the warehouse; null = nowhere
    /// Only events of these UTC days (inclusive) go to the spool (backfills).
    std::optional<std::pair<DayNumber, DayNumber>> spool_days;
    AggregateOptions aggregates;
    InflateLimits inflate;  ///< how far one input may inflate
    /// Raw bytes kept of one quarantined record; the rest is cut (its length kept).
    size_t max_quarantined_record_bytes = kDefaultMaxQuarantinedRecordBytes;
  };

  FileProcessor(const Catalog& catalog, const Options& options, Deduplicator& deduplicator,
                QuarantineSink& sink);

  /// Processes one top-level file (archive or plain file) and returns its
  /// counts; `input_index` tags its events in the spool.
  RunCounts process(const std::filesystem::path& input, uint32_t input_index);

  /// Everything this worker has aggregated so far.
  Aggregates& aggregates() { return aggregates_; }

 private:
  void process_leaf(const InputFile& file);
  void process_records(const InputFile& file);
  void quarantine(QuarantineReason reason, std::string detail, const SourceLocation& source, int64_t index,
                  std::string_view raw);
  void flush_batch();
  void flush_quarantine();

  const Catalog& catalog_;
  Options options_;
  Deduplicator& deduplicator_;
  QuarantineSink& sink_;
  ContractChecker checker_;
  CatalogJoin join_;
  Aggregates aggregates_;
  ArchiveWalker walker_;
  RecordDecoder decoder_;
  std::vector<RawRecord> records_;
  std::vector<Event> batch_;
  std::vector<Event> in_window_;
  std::vector<QuarantineRecord> pending_quarantine_;
  RunCounts counts_;
  uint32_t input_index_ = 0;
  bool skip_rest_of_file_ = false;  ///< later pieces of a file found malformed are not decoded
};

}  // namespace ecomflow
