#include "gen/generator.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "gen/event_profile.hpp"
#include "gen/output_layout.hpp"
#include "gen/week_writer.hpp"

namespace ecomflow {
void check_generator_options(const GeneratorOptions& options) {
  if (options.weeks < 1) throw UsageError("--weeks must be at least 1");
  if (options.parts_per_day < 1 || options.parts_per_day > 999)
    throw UsageError("--parts-per-day must be between 1 and 999");
  if (options.events_per_part < 0) throw UsageError("--events-per-part must not be negative");
  if (!(options.dirty_rate >= 0 && options.dirty_rate <= 1))
    throw UsageError("--dirty-rate must be between 0 and 1");
  if (options.compression_level < 0 || options.compression_level > 12)
    throw UsageError("compression level must be between 0 and 12");
  const DayNumber last_day = options.start_date + options.day_count() - 1;
  if (options.start_date < days_from_civil(1970, 1, 1) || last_day > days_from_civil(9000, 12, 31))
    throw UsageError("the generated days must fall between 1970 and 9000");
}

GenerateResult generate_events(const GeneratorOptions& options, const Catalog& catalog,
                               const GenerateProgress& progress) {
  check_generator_options(options);
  if (catalog.customers().empty() || catalog.products().empty())
    throw UsageError("the catalog needs at least one customer and one product");
  const std::vector<std::string> names = output_file_names(options);
  const bool dirty = options.dirty_rate > 0;
  const std::filesystem::path manifest = options.out / kDirtyManifestName;
  if (!options.force) {
    // Check everything before writing anything: a refused run leaves no trace.
    for (const std::string& name : names) refuse_existing(options.out / name);
    if (dirty) refuse_existing(manifest);
  }
  std::filesystem::create_directories(options.out);

  const std::unique_ptr<EventProfile> profile = make_event_profile(options, catalog);
  std::vector<WeekResult> weeks(size_t(options.weeks));
  std::atomic<int> next_week{0};
  std::mutex progress_mutex;
  int weeks_done = 0;
  int64_t records_done = 0;
  std::exception_ptr failure;

  auto work = [&] {
    try {
      WeekWriter writer(options, *profile, catalog);
      for (int week = next_week++; week < options.weeks; week = next_week++) {
        // Zip output has one file per week; NDJSON names its day files itself.
        const std::string& name = options.format == OutputFormat::kZip ? names[size_t(week)] : names.front();
        weeks[size_t(week)] = writer.write(week, name);
        const std::lock_guard lock(progress_mutex);
        ++weeks_done;
        records_done += weeks[size_t(week)].records;
        if (progress) progress(weeks_done, options.weeks, records_done);
      }
    } catch (...) {
      const std::lock_guard lock(progress_mutex);
      if (!failure) failure = std::current_exception();
      next_week = options.weeks;  // the others stop after their current week
    }
  };
  const int thread_count = std::clamp(options.threads, 1, options.weeks);
  std::vector<std::thread> threads;
  for (int i = 1; i < thread_count; ++i) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);

  GenerateResult result;
  for (const std::string& name : names) result.files.push_back(options.out / name);
  for (const WeekResult& week : weeks) {
    result.records += week.records;
    result.bytes += week.bytes;
    result.dirty.merge(week.dirty);
  }
  if (const std::optional<UnreadablePlan> plan = unreadable_plan(options)) {
    const std::string week_file = names.front();  // both are in the first week
    result.malformed_file = UnreadableFile{week_file,
                                           day_archive_name(options.start_date + plan->malformed_day) + "!" +
                                               part_file_name(plan->malformed_part),
                                           weeks.front().malformed_records};
    result.corrupt_archive = UnreadableFile{
        week_file, day_archive_name(options.start_date + plan->corrupt_day), weeks.front().corrupt_records};
  }
  result.notes = profile->notes();
  if (dirty) {
    result.manifest = manifest;
    write_file_atomically(manifest, dirty_manifest_json(options, result));
  } else if (options.force) {
    std::filesystem::remove(manifest);  // a stale manifest would describe dirt that is gone
  }
  return result;
}

}  // namespace ecomflow
