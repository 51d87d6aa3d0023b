// Prints how fast the walker inflates and the decoder decodes seed-style
// data (pretty-printed JSON arrays in zips inside a zip). Nothing is timed
// in an assertion: the checks are that every byte and event arrives. Set
// ECOMFLOW_INGEST_THROUGHPUT_MB to measure on more data (default 8 MB).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <ctime>
#include <random>

#include "ingest/archive_walker.hpp"
#include "ingest/decoder.hpp"
#include "ingest/zip_fixture.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

constexpr int kEventsPerPart = 10000;

/// A part file as seed 001 writes it: a JSON array with 2-space indentation.
std::string make_part(std::mt19937& random, int events) {
  std::string text = "[\n";
  int seconds = 0;
  char line[512];
  for (int i = 0; i < events; ++i) {
    seconds += 1 + int(random() % 60);
    const int roll = int(random() % 100);
    const char* type = roll < 70 ? "view_product" : roll < 95 ? "add_to_cart" : "purchase";
    int length = std::snprintf(
        line, sizeof line,
        "  {\n    \"timestamp\": \"2023-10-23T%02d:%02d:%02d\",\n    \"customer_id\": \"c%03d\",\n"
        "    \"event_type\": \"%s\",\n    \"product_id\": \"p%03d\"",
        seconds / 3600 % 24, seconds / 60 % 60, seconds % 60, 1 + int(random() % 100), type,
        1 + int(random() % 50));
    text.append(line, size_t(length));
    if (roll >= 95) text += ",\n    \"quantity\": " + std::to_string(1 + random() % 3);
    text += i + 1 < events ? "\n  },\n" : "\n  }\n";
  }
  text += "]\n";
  return text;
}

/// CPU time of this thread: the machine may be busy with other work, and
/// wall time would measure that too.
double thread_seconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

double seconds_since(double start) { return thread_seconds() - start; }

double megabytes(uint64_t bytes) { return double(bytes) / 1e6; }

TEST(IngestThroughput, InflatesAndDecodesSeedStyleParts) {
  const char* requested = std::getenv("ECOMFLOW_INGEST_THROUGHPUT_MB");
  const double target_mb = requested ? std::atof(requested) : 8.0;
  std::mt19937 random(7);
  std::vector<std::string> parts;
  uint64_t part_bytes = 0;
  while (megabytes(part_bytes) < target_mb) {
    parts.push_back(make_part(random, kEventsPerPart));
    part_bytes += parts.back().size();
  }
  // Days of five parts, inside one week archive: the seed-001 nesting.
  std::vector<testing::ZipEntry> days;
  for (size_t first = 0; first < parts.size(); first += 5) {
    std::vector<testing::ZipEntry> day;
    for (size_t i = first; i < std::min(parts.size(), first + 5); ++i)
      day.push_back({"part-" + std::to_string(i) + ".json", parts[i]});
    days.push_back({"events_day_" + std::to_string(first / 5) + ".zip", testing::make_zip(day)});
  }
  const auto dir = testing::scratch_dir("throughput");
  testing::write_bytes(dir / "events_week_43.zip", testing::make_zip(days));

  // Inflate only.
  ArchiveWalker walker;
  uint64_t leaf_bytes = 0;
  auto start = thread_seconds();
  walker.walk(
      dir / "events_week_43.zip", [&](const InputFile& file) { leaf_bytes += file.content.size(); },
      [&](QuarantineRecord&& problem) { ADD_FAILURE() << problem.detail; });
  const double inflate_seconds = seconds_since(start);
  ASSERT_EQ(leaf_bytes, part_bytes);

  // Decode only, from memory (padded like the walker's buffers).
  RecordDecoder decoder;
  std::vector<RawRecord> records;
  std::vector<std::string> padded;
  for (const auto& part : parts) padded.push_back(part + std::string(kInputPadding, '\0'));
  uint64_t events = 0;
  start = thread_seconds();
  for (size_t i = 0; i < parts.size(); ++i) {
    records.clear();
    const DecodeResult result = decoder.decode(InputFile{SourceLocation{}, InputFormat::kJsonArray,
                                                         std::string_view(padded[i].data(), parts[i].size())},
                                               records);
    ASSERT_FALSE(result.file_malformed) << result.message;
    events += records.size();
  }
  const double decode_seconds = seconds_since(start);
  ASSERT_EQ(events, parts.size() * kEventsPerPart);

  // simdjson's validating DOM parse of the same parts, for comparison.
  simdjson::dom::parser dom;
  uint64_t dom_events = 0;
  start = thread_seconds();
  for (size_t i = 0; i < parts.size(); ++i) {
    simdjson::dom::array array;
    ASSERT_EQ(dom.parse(padded[i].data(), parts[i].size(), false).get_array().get(array), simdjson::SUCCESS);
    dom_events += array.size();
  }
  const double dom_seconds = seconds_since(start);
  ASSERT_EQ(dom_events, events);

  // Both, as one batch worker does them.
  events = 0;
  start = thread_seconds();
  walker.walk(
      dir / "events_week_43.zip",
      [&](const InputFile& file) {
        records.clear();
        EXPECT_FALSE(decoder.decode(file, records).file_malformed);
        events += records.size();
      },
      [&](QuarantineRecord&& problem) { ADD_FAILURE() << problem.detail; });
  const double both_seconds = seconds_since(start);
  ASSERT_EQ(events, parts.size() * kEventsPerPart);

  const uint64_t archive_bytes = std::filesystem::file_size(dir / "events_week_43.zip");
  std::printf("ingest throughput: %.1f MB of JSON (%zu parts, %llu events) in a %.1f MB nested zip\n",
              megabytes(part_bytes), parts.size(), static_cast<unsigned long long>(events),
              megabytes(archive_bytes));
  std::printf("  (per CPU-second of one thread)\n");
  std::printf("  inflate (walker, all levels): %7.0f MB/s of JSON out\n",
              megabytes(part_bytes) / inflate_seconds);
  std::printf("  decode (RecordDecoder):       %7.0f MB/s, %.1f M events/s\n",
              megabytes(part_bytes) / decode_seconds, double(events) / decode_seconds / 1e6);
  std::printf("  simdjson DOM parse only:      %7.0f MB/s\n", megabytes(part_bytes) / dom_seconds);
  std::printf("  walk + decode, one thread:    %7.0f MB/s, %.1f M events/s\n",
              megabytes(part_bytes) / both_seconds, double(events) / both_seconds / 1e6);
}

}  // namespace
}  // namespace ecomflow
