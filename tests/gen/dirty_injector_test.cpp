#include "gen/dirty_injector.hpp"

#include <gtest/gtest.h>

#include "gen/catalog_generator.hpp"
#include "gen/generator.hpp"
#include "gen/record_classifier.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

constexpr std::array<const char*, kRecordReasonCount> kReasons = {
    "not_an_object",    "bad_timestamp",   "missing_field", "unknown_event_type",
    "unknown_customer", "unknown_product", "bad_quantity"};

/// Generates dirty data and checks the manifest against an independent
/// reading of the files, count by count.
void check_manifest_matches_files(Profile profile, OutputFormat format, double rate) {
  const Catalog catalog = generate_catalog({});
  GeneratorOptions options;
  options.out = testing::scratch_dir("gen-dirty") / "data";
  options.weeks = 2;
  options.profile = profile;
  options.format = format;
  options.dirty_rate = rate;
  options.threads = 2;
  const GenerateResult result = generate_events(options, catalog);
  ASSERT_FALSE(result.manifest.empty());
  const auto values = testing::classify_records(options.out, 100, 50, result.manifest);
  auto value = [&](const std::string& key) { return testing::value_of(values, key); };

  for (int reason = 0; reason < kRecordReasonCount; ++reason) {
    const std::string name = kReasons[size_t(reason)];
    EXPECT_GT(result.dirty.by_reason[size_t(reason)], 0) << name;
    EXPECT_EQ(value("quarantined." + name), std::to_string(result.dirty.by_reason[size_t(reason)])) << name;
    EXPECT_EQ(value("manifest.quarantined." + name), value("quarantined." + name)) << name;
  }
  EXPECT_GT(result.dirty.duplicates, 0);
  EXPECT_EQ(value("duplicates"), std::to_string(result.dirty.duplicates));
  EXPECT_EQ(value("manifest.duplicates"), value("duplicates"));
  EXPECT_EQ(value("manifest.valid"), value("valid"));
  EXPECT_EQ(value("manifest.records_readable"), value("records_read"));
  EXPECT_EQ(value("manifest.records_written"), std::to_string(result.records));

  if (format == OutputFormat::kNdjson) {
    EXPECT_EQ(value("manifest.malformed_file"), "null");
    EXPECT_EQ(value("manifest.unreadable_records"), "0");
    return;
  }
  const std::string malformed = value("manifest.malformed_file.path");
  const std::string corrupt = value("manifest.corrupt_archive.path");
  EXPECT_EQ(malformed, "\"events_week_43.zip!events_2023-10-23.zip!part-003.json\"");
  EXPECT_EQ(corrupt, "\"events_week_43.zip!events_2023-10-24.zip\"");
  EXPECT_EQ(value("unreadable." + malformed.substr(1, malformed.size() - 2)), "\"malformed_json\"");
  EXPECT_EQ(value("unreadable." + corrupt.substr(1, corrupt.size() - 2)), "\"corrupt_archive\"");
  ASSERT_TRUE(result.malformed_file && result.corrupt_archive);
  EXPECT_EQ(value("manifest.unreadable_records"),
            std::to_string(result.malformed_file->records + result.corrupt_archive->records));
  EXPECT_EQ(std::stoll(value("records_read")) + std::stoll(value("manifest.unreadable_records")),
            result.records);
}

TEST(DirtyInjector, Seed001ManifestMatchesTheFiles) {
  check_manifest_matches_files(Profile::kSeed001, OutputFormat::kZip, 0.05);
}

TEST(DirtyInjector, ClickstreamManifestMatchesTheFiles) {
  check_manifest_matches_files(Profile::kClickstream, OutputFormat::kZip, 0.1);
}

TEST(DirtyInjector, NdjsonManifestMatchesTheFiles) {
  check_manifest_matches_files(Profile::kSeed001, OutputFormat::kNdjson, 0.02);
}

TEST(DirtyInjector, EachSpoiledRecordHasItsOneReason) {
  const Catalog catalog = generate_catalog({});
  DirtyInjector injector(1.0, 42, 0, catalog);
  for (int reason = 0; reason < kRecordReasonCount; ++reason) {
    RecordFields fields;
    fields.add("timestamp", "2023-10-23T00:00:17");
    fields.add("customer_id", "c001");
    fields.add("event_type", "page_view");
    injector.spoil(QuarantineReason(reason), fields);
    if (reason == int(QuarantineReason::kUnknownProduct)) {
      EXPECT_EQ(fields.find("event_type")->value, "view_product");
      EXPECT_EQ(fields.find("product_id")->value, "p051");
    }
    if (reason == int(QuarantineReason::kBadQuantity)) {
      EXPECT_EQ(fields.find("event_type")->value, "purchase");
      EXPECT_EQ(fields.find("product_id")->value, "p001");
      EXPECT_EQ(fields.find("quantity")->value, "0");
    }
  }
  EXPECT_EQ(injector.counts().quarantined(), kRecordReasonCount);
}

TEST(DirtyInjector, TakesKindsInTurn) {
  const Catalog catalog = generate_catalog({});
  DirtyInjector injector(0.5, 1, 0, catalog);
  for (int kind = 0; kind < kRecordReasonCount; ++kind) {
    const DirtyChoice choice = injector.next_choice(true);
    EXPECT_FALSE(choice.duplicate);
    EXPECT_EQ(int(choice.reason), kind);
  }
  EXPECT_TRUE(injector.next_choice(true).duplicate);
  for (int kind = 0; kind < kRecordReasonCount; ++kind) injector.next_choice(true);
  // No duplicate possible yet: the turn passes to the first reason.
  EXPECT_FALSE(injector.next_choice(false).duplicate);
}

}  // namespace
}  // namespace ecomflow
