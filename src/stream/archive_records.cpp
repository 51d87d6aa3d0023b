#include "stream/archive_records.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"
#include "ingest/discover.hpp"

namespace ecomflow {
namespace {

std::string location_text(const SourceLocation& location) {
  return location.entry.empty() ? location.file : location.file + "!" + location.entry;
}

}  // namespace

ArchiveRecordCounts read_archive_records(
    const std::filesystem::path& dir,
    const std::function<void(std::string_view raw, std::string_view key)>& record) {
  ArchiveRecordCounts counts;
  ArchiveWalker walker;
  RecordDecoder decoder;
  std::vector<RawRecord> records;
  /// A record's place in its file and where its text is.
  struct Item {
    int64_t index;
    std::string_view raw;
    std::string_view key;
  };
  std::vector<Item> items;
  const auto on_file = [&](const InputFile& file) {
    if (file.format == InputFormat::kCsv) {
      if (file.piece > 0) return;  // a large file comes in pieces: named once
      counts.unreadable.push_back(fmt::format("{}: CSV rows are not JSON messages (convert to NDJSON)",
                                              location_text(file.location)));
      return;
    }
    records.clear();
    const DecodeResult result = decoder.decode(file, records);
    if (result.file_malformed) {
      counts.unreadable.push_back(
          fmt::format("{}: malformed_json ({})", location_text(file.location), result.message));
      return;
    }
    if (file.piece == 0) ++counts.files_read;
    items.clear();
    for (const MalformedRecord& bad : result.malformed_records) items.push_back({bad.index, bad.raw, {}});
    for (const RawRecord& decoded : records) {
      const std::string_view key =
          decoded.customer_id.state == FieldState::kString ? decoded.customer_id.value : std::string_view();
      items.push_back({decoded.index, decoder.raw_text(decoded), key});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.index < b.index; });
    for (const Item& item : items) record(item.raw, item.key);
    counts.records += int64_t(items.size());
  };
  const auto on_problem = [&](QuarantineRecord&& problem) {
    counts.unreadable.push_back(fmt::format("{}: {} ({})", location_text(problem.source),
                                            quarantine_reason_name(problem.reason), problem.detail));
  };
  for (const std::filesystem::path& input : discover_inputs(dir)) walker.walk(input, on_file, on_problem);
  return counts;
}

}  // namespace ecomflow
