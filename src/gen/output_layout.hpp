#pragma once
/// File names of the generated data, and where the deliberately unreadable
/// files go when dirty data is asked for.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gen/generator_options.hpp"

namespace ecomflow {

/// The dirty data's manifest, in the output directory.
inline constexpr const char* kDirtyManifestName = "_dirty_manifest.json";

/// Throws UserError when `path` exists: the generator never overwrites a
/// file unless told to (`--force`).
void refuse_existing(const std::filesystem::path& path);

/// `events_week_<WW>.zip`, or `events_week_<YYYY>-<WW>.zip` when `with_year`
/// (the span crosses an ISO year, where week numbers alone would collide).
std::string week_archive_name(DayNumber first_day, bool with_year);
/// `events_<YYYY-MM-DD>.zip`.
std::string day_archive_name(DayNumber day);
/// `part-001.json` for part 0.
std::string part_file_name(int part);
/// `events_<YYYY-MM-DD>.ndjson`.
std::string day_ndjson_name(DayNumber day);

/// True when the days of the run fall in more than one ISO week-numbering year.
bool spans_iso_years(const GeneratorOptions& options);

/// The top-level files a run writes into `options.out`, in order: one per week
/// (zip) or per day (ndjson).
std::vector<std::string> output_file_names(const GeneratorOptions& options);

/// Where the unreadable files go: a truncated part file and a day archive
/// that is not a zip, both in the first week (zip output with dirt only).
struct UnreadablePlan {
  int malformed_day = 0;   ///< day index of the truncated part
  int malformed_part = 0;  ///< part index within that day
  int corrupt_day = 1;     ///< day index of the corrupt day archive
};

/// The plan for `options`, or nullopt when nothing unreadable is written.
std::optional<UnreadablePlan> unreadable_plan(const GeneratorOptions& options);

}  // namespace ecomflow
