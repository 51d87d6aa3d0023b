#include "pipeline/file_processor.hpp"

#include <spdlog/spdlog.h>

#include <system_error>

namespace ecomflow {

FileProcessor::FileProcessor(const Catalog& catalog, const Options& options, Deduplicator& deduplicator,
                             QuarantineSink& sink)
    : catalog_(catalog),
      options_(options),
      deduplicator_(deduplicator),
      sink_(sink),
      checker_(options.limits),
      join_(catalog),
      aggregates_(catalog, options.aggregates),
      walker_(options.inflate) {
  batch_.reserve(options_.batch_size);
}

RunCounts FileProcessor::process(const std::filesystem::path& input, uint32_t input_index) {
  counts_ = RunCounts{};
  input_index_ = input_index;
  std::error_code error;
  counts_.bytes_read = int64_t(std::filesystem::file_size(input, error));
  walker_.walk(
      input, [this](const InputFile& file) { process_leaf(file); },
      [this](QuarantineRecord&& problem) {
        ++counts_.files_quarantined;
        ++counts_.file_problems_by_reason[int(problem.reason)];
        spdlog::warn("quarantined {}{}{}: {} ({})", problem.source.file,
                     problem.source.entry.empty() ? "" : "!", problem.source.entry,
                     quarantine_reason_name(problem.reason), problem.detail);
        pending_quarantine_.push_back(std::move(problem));
      });
  flush_batch();
  flush_quarantine();
  return counts_;
}

void FileProcessor::process_leaf(const InputFile& file) {
  // The pieces of one large file are one file: counted once, and none after
  // a first piece that made the whole file malformed (a CSV header).
  if (file.piece == 0) skip_rest_of_file_ = false;
  if (skip_rest_of_file_) return;
  records_.clear();
  const DecodeResult result = decoder_.decode(file, records_);
  if (result.file_malformed) {
    skip_rest_of_file_ = true;
    ++counts_.files_quarantined;
    ++counts_.file_problems_by_reason[int(result.file_reason)];
    spdlog::warn("quarantined {}{}{}: {} ({})", file.location.file, file.location.entry.empty() ? "" : "!",
                 file.location.entry, quarantine_reason_name(result.file_reason), result.message);
    quarantine(result.file_reason, result.message, file.location, -1,
               file.content.substr(0, kMaxQuarantinedFileBytes));
    flush_quarantine();
    return;
  }
  if (file.piece == 0) ++counts_.files_read;
  counts_.bytes_decoded += int64_t(file.content.size() - file.carried_bytes);
  for (const MalformedRecord& bad : result.malformed_records) {
    ++counts_.records_read;
    ++counts_.quarantined_by_reason[int(QuarantineReason::kMalformedJson)];
    quarantine(QuarantineReason::kMalformedJson, bad.message, file.location, bad.index, bad.raw);
  }
  process_records(file);
  flush_quarantine();
}

void FileProcessor::process_records(const InputFile& file) {
  CheckedRecord checked;
  Rejection rejection;
  for (const RawRecord& record : records_) {
    ++counts_.records_read;
    // Resolved in place: copying a just-written Event into the batch stalled
    // on store forwarding.
    Event& event = batch_.emplace_back();
    if (!checker_.check(record, checked, rejection) || !join_.resolve(checked, event, rejection)) {
      batch_.pop_back();
      ++counts_.quarantined_by_reason[int(rejection.reason)];
      quarantine(rejection.reason, std::string(rejection.detail), file.location, record.index,
                 decoder_.raw_text(record));
      continue;
    }
    event.fingerprint = event_fingerprint(event, checked.event_id);
    // Repeats are dropped batch-wise in flush_batch(): one lock per day, not per event.
    if (batch_.size() == options_.batch_size) flush_batch();
  }
}

void FileProcessor::quarantine(QuarantineReason reason, std::string detail, const SourceLocation& source,
                               int64_t index, std::string_view raw) {
  QuarantineRecord record{reason, std::move(detail), source, {}};
  set_quarantine_raw(record, raw, options_.max_quarantined_record_bytes);
  record.source.index = index;
  pending_quarantine_.push_back(std::move(record));
}

void FileProcessor::flush_batch() {
  if (batch_.empty()) return;
  const size_t offered = batch_.size();
  deduplicator_.keep_first_occurrences(batch_);
  counts_.duplicates += int64_t(offered - batch_.size());
  counts_.valid += int64_t(batch_.size());
  if (batch_.empty()) return;
  aggregates_.add(batch_);
  if (options_.spool != nullptr && options_.spool_days) {
    in_window_.clear();
    for (const Event& event : batch_) {
      const DayNumber day = day_of(event.time);
      if (day >= options_.spool_days->first && day <= options_.spool_days->second)
        in_window_.push_back(event);
    }
    options_.spool->append(in_window_, input_index_);
  } else if (options_.spool != nullptr) {
    options_.spool->append(batch_, input_index_);
  }
  batch_.clear();
}

void FileProcessor::flush_quarantine() {
  if (pending_quarantine_.empty()) return;
  sink_.add(pending_quarantine_);
}

}  // namespace ecomflow
