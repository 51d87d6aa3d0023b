#pragma once
/// Writes one week of generated events: a week archive of day archives of
/// part files, or one NDJSON file per day.

#include <optional>
#include <string>
#include <vector>

#include "gen/dirty_injector.hpp"
#include "gen/event_profile.hpp"
#include "gen/output_layout.hpp"
#include "gen/record_writer.hpp"
#include "gen/zip_builder.hpp"

namespace ecomflow {

/// What writing one week came to.
struct WeekResult {
  int64_t records = 0;            ///< records written, readable or not
  int64_t bytes = 0;              ///< bytes of the files written
  int64_t malformed_records = 0;  ///< records of the truncated part file (zip + dirt only)
  int64_t corrupt_records = 0;    ///< records of the corrupt day archive (zip + dirt only)
  DirtyCounts dirty;
};

/// Builds weeks with reused buffers. One per worker thread; a week's bytes
/// depend only on the options and the week, never on the thread.
class WeekWriter {
 public:
  WeekWriter(const GeneratorOptions& options, const EventProfile& profile, const Catalog& catalog);
  /// Generates week `week_index` (0 = the start date's) and writes its file(s)
  /// into `options.out`, named `file_name` for zip output.
  WeekResult write(int week_index, const std::string& file_name);

 private:
  void write_records(size_t first, size_t last, DayNumber day, bool readable, DirtyInjector& dirty);
  std::string corrupt_archive_bytes(int day_index) const;

  const GeneratorOptions& options_;
  const EventProfile& profile_;
  const Catalog& catalog_;
  std::optional<UnreadablePlan> plan_;
  RecordWriter writer_;
  ZipBuilder day_zip_;
  ZipBuilder week_zip_;
  std::vector<GeneratedEvent> events_;
  RecordFields fields_;
  std::string buffer_;
  std::vector<RecordSpan> spans_;  ///< valid, readable records of the current part
  std::string carried_;            ///< one valid record of an earlier part, for duplicates
  std::string copy_;
};

}  // namespace ecomflow
