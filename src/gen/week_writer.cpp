#include "gen/week_writer.hpp"

#include "core/atomic_file.hpp"
#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

RecordLayout layout_of(const GeneratorOptions& options) {
  if (options.format == OutputFormat::kNdjson) return RecordLayout::kNdjson;
  return options.compact ? RecordLayout::kCompactArray : RecordLayout::kIndentedArray;
}

// The inner archives are already deflated: the week level gains little from
// effort, so it always uses the fastest level.
constexpr int kWeekCompressionLevel = 1;

}  // namespace

WeekWriter::WeekWriter(const GeneratorOptions& options, const EventProfile& profile, const Catalog& catalog)
    : options_(options),
      profile_(profile),
      catalog_(catalog),
      plan_(unreadable_plan(options)),
      writer_(layout_of(options)),
      day_zip_(options.compression_level),
      week_zip_(kWeekCompressionLevel) {}

std::string WeekWriter::corrupt_archive_bytes(int day_index) const {
  // Text and hex digits: never a zip signature, so no reader can mistake it for one.
  std::string bytes = "not a zip archive: written on purpose by ecomflow generate --dirty-rate\n";
  RandomSource random(options_.seed, kDirtyStream, 1'000'000 + uint64_t(day_index));
  for (int i = 0; i < 512; ++i) bytes.push_back("0123456789abcdef"[random.below(16)]);
  bytes.push_back('\n');
  return bytes;
}

void WeekWriter::write_records(size_t first, size_t last, DayNumber day, bool readable,
                               DirtyInjector& dirty) {
  const bool dirty_enabled = readable && options_.dirty_rate > 0;
  spans_.clear();
  for (size_t index = first; index < last; ++index) {
    profile_.render(events_[index], day, fields_);
    if (dirty_enabled && dirty.pick()) {
      const DirtyChoice choice = dirty.next_choice(!spans_.empty() || !carried_.empty());
      if (!choice.duplicate) {
        dirty.spoil(choice.reason, fields_);
        writer_.write(buffer_, fields_);
        continue;
      }
      if (!spans_.empty() && (carried_.empty() || dirty.below(2) == 0)) {
        const RecordSpan span = spans_[dirty.below(uint32_t(spans_.size()))];
        copy_.assign(buffer_, span.offset, span.length);  // buffer_ may grow while appending
      } else {
        copy_ = carried_;
      }
      writer_.write_copy(buffer_, copy_);
      dirty.count_duplicate();
      continue;
    }
    const RecordSpan span = writer_.write(buffer_, fields_);
    if (dirty_enabled) spans_.push_back(span);
  }
  if (!spans_.empty()) {
    const RecordSpan span = spans_[dirty.below(uint32_t(spans_.size()))];
    carried_.assign(buffer_, span.offset, span.length);
  }
}

WeekResult WeekWriter::write(int week_index, const std::string& file_name) {
  WeekResult result;
  DirtyInjector dirty(options_.dirty_rate, options_.seed, week_index, catalog_);
  carried_.clear();
  const bool zip = options_.format == OutputFormat::kZip;
  const auto parts = size_t(options_.parts_per_day);
  for (int day_of_week = 0; day_of_week < 7; ++day_of_week) {
    const int day_index = week_index * 7 + day_of_week;
    const DayNumber day = options_.start_date + day_index;
    profile_.generate_day(day_index, events_);
    result.records += int64_t(events_.size());
    const bool corrupt_day = plan_ && plan_->corrupt_day == day_index;
    if (corrupt_day) result.corrupt_records = int64_t(events_.size());
    if (!zip) {
      buffer_.clear();
      writer_.begin(buffer_);
    }
    for (size_t part = 0; part < parts; ++part) {
      // Parts differ in size by at most one record.
      const size_t first = events_.size() / parts * part + std::min(part, events_.size() % parts);
      const size_t last = first + events_.size() / parts + (part < events_.size() % parts ? 1 : 0);
      const bool malformed = plan_ && plan_->malformed_day == day_index && plan_->malformed_part == int(part);
      if (zip) {
        buffer_.clear();
        writer_.begin(buffer_);
      }
      write_records(first, last, day, !corrupt_day && !malformed, dirty);
      if (!zip) continue;
      writer_.end(buffer_);
      if (malformed) {
        // Cut mid-array: the closing bracket is gone, so the file never parses.
        result.malformed_records = int64_t(last - first);
        buffer_.resize(buffer_.size() / 2);
      }
      day_zip_.add(part_file_name(int(part)), buffer_, day);
    }
    if (zip) {
      const std::string day_archive = corrupt_day ? corrupt_archive_bytes(day_index) : day_zip_.finish();
      if (corrupt_day) day_zip_.finish();  // drop the real entries
      week_zip_.add(day_archive_name(day), day_archive, day);
    } else {
      writer_.end(buffer_);
      write_file_atomically(options_.out / day_ndjson_name(day), buffer_);
      result.bytes += int64_t(buffer_.size());
    }
  }
  if (zip) {
    const std::string archive = week_zip_.finish();
    write_file_atomically(options_.out / file_name, archive);
    result.bytes = int64_t(archive.size());
  }
  result.dirty = dirty.counts();
  return result;
}

}  // namespace ecomflow
