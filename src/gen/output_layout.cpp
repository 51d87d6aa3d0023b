#include "gen/output_layout.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace ecomflow {

void refuse_existing(const std::filesystem::path& path) {
  if (std::filesystem::exists(path))
    throw UserError(fmt::format("{} already exists; refusing to overwrite it (use --force or another --out)",
                                path.string()));
}

std::string week_archive_name(DayNumber first_day, bool with_year) {
  const IsoWeek week = iso_week(first_day);
  if (with_year) return fmt::format("events_week_{:04}-{:02}.zip", week.year, week.week);
  return fmt::format("events_week_{:02}.zip", week.week);
}

std::string day_archive_name(DayNumber day) { return "events_" + format_date(day) + ".zip"; }

std::string part_file_name(int part) { return fmt::format("part-{:03}.json", part + 1); }

std::string day_ndjson_name(DayNumber day) { return "events_" + format_date(day) + ".ndjson"; }

bool spans_iso_years(const GeneratorOptions& options) {
  const DayNumber last_day = options.start_date + options.day_count() - 1;
  return iso_week(options.start_date).year != iso_week(last_day).year;
}

std::vector<std::string> output_file_names(const GeneratorOptions& options) {
  std::vector<std::string> names;
  if (options.format == OutputFormat::kNdjson) {
    for (int day = 0; day < options.day_count(); ++day)
      names.push_back(day_ndjson_name(options.start_date + day));
    return names;
  }
  const bool with_year = spans_iso_years(options);
  for (int week = 0; week < options.weeks; ++week)
    names.push_back(week_archive_name(options.start_date + week * 7, with_year));
  return names;
}

std::optional<UnreadablePlan> unreadable_plan(const GeneratorOptions& options) {
  if (options.dirty_rate <= 0 || options.format != OutputFormat::kZip) return std::nullopt;
  return UnreadablePlan{0, std::min(2, options.parts_per_day - 1), 1};
}

}  // namespace ecomflow
