#include <fmt/format.h>

#include "core/quarantine.hpp"
#include "gen/generator.hpp"

namespace ecomflow {
namespace {

void append_unreadable(std::string& out, std::string_view key, const std::optional<UnreadableFile>& file) {
  if (!file) {
    out += fmt::format("  \"{}\": null,\n", key);
    return;
  }
  out += fmt::format(
      "  \"{}\": {{\n    \"path\": \"{}\",\n    \"file\": \"{}\",\n    \"entry\": \"{}\",\n"
      "    \"records\": {}\n  }},\n",
      key, file->path(), file->file, file->entry, file->records);
}

}  // namespace

std::string dirty_manifest_json(const GeneratorOptions& options, const GenerateResult& result) {
  const int64_t unreadable = (result.malformed_file ? result.malformed_file->records : 0) +
                             (result.corrupt_archive ? result.corrupt_archive->records : 0);
  const int64_t readable = result.records - unreadable;
  const int64_t quarantined = result.dirty.quarantined();
  std::string out = "{\n";
  out += fmt::format("  \"seed\": {},\n  \"dirty_rate\": {},\n", options.seed, options.dirty_rate);
  out += fmt::format("  \"records_written\": {},\n", result.records);
  out += "  \"quarantined\": {\n";
  for (int reason = 0; reason < kRecordReasonCount; ++reason)
    out += fmt::format("    \"{}\": {}{}\n", quarantine_reason_name(QuarantineReason(reason)),
                       result.dirty.by_reason[size_t(reason)], reason + 1 < kRecordReasonCount ? "," : "");
  out += "  },\n";
  out += fmt::format("  \"quarantined_total\": {},\n  \"duplicates\": {},\n", quarantined,
                     result.dirty.duplicates);
  append_unreadable(out, "malformed_file", result.malformed_file);
  append_unreadable(out, "corrupt_archive", result.corrupt_archive);
  out += fmt::format("  \"unreadable_records\": {},\n", unreadable);
  out += fmt::format("  \"records_readable\": {},\n", readable);
  out += fmt::format("  \"valid\": {}\n", readable - quarantined - result.dirty.duplicates);
  out += "}\n";
  return out;
}

}  // namespace ecomflow
