#include "pipeline/quarantine_sink.hpp"

#include <fmt/format.h>

#include "core/logging.hpp"

namespace ecomflow {

void append_quarantine_json(const QuarantineRecord& record, std::string& out) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"reason\":\"{}\",\"detail\":\"{}\",\"file\":\"{}\",\"entry\":\"{}\",\"index\":{},"
                 "\"raw\":\"{}\"}}\n",
                 quarantine_reason_name(record.reason), json_escape(record.detail),
                 json_escape(record.source.file), json_escape(record.source.entry), record.source.index,
                 json_escape(record.raw));
}

QuarantineSink::QuarantineSink(const std::filesystem::path& file, bool keep_for_database)
    : file_(file), keep_for_database_(keep_for_database) {}

void QuarantineSink::add(std::vector<QuarantineRecord>& records) {
  if (records.empty()) return;
  std::lock_guard lock(mutex_);
  line_.clear();
  for (const QuarantineRecord& record : records) append_quarantine_json(record, line_);
  file_.write(line_);
  if (keep_for_database_) {
    for (QuarantineRecord& record : records) kept_.push_back(std::move(record));
  }
  records.clear();
}

void QuarantineSink::commit() {
  std::lock_guard lock(mutex_);
  file_.commit();
}

}  // namespace ecomflow
