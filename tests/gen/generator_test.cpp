#include "gen/generator.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "gen/catalog_generator.hpp"
#include "gen/record_classifier.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

class GeneratorTest : public ::testing::Test {
 protected:
  GeneratorTest() : catalog_(generate_catalog({})) { options_.out = testing::scratch_dir("gen") / "data"; }
  Catalog catalog_;
  GeneratorOptions options_;
};

TEST_F(GeneratorTest, Seed001LayoutReadsBack) {
  const GenerateResult result = generate_events(options_, catalog_);
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(result.files[0].filename(), "events_week_43.zip");
  EXPECT_EQ(result.records, 3500);
  EXPECT_EQ(result.bytes, int64_t(std::filesystem::file_size(result.files[0])));
  EXPECT_TRUE(result.manifest.empty());
  EXPECT_FALSE(std::filesystem::exists(options_.out / "_dirty_manifest.json"));

  const auto values = testing::classify_records(options_.out, 100, 50);
  EXPECT_EQ(testing::value_of(values, "records_read"), "3500");
  EXPECT_EQ(testing::value_of(values, "valid"), "3500");
  EXPECT_EQ(testing::value_of(values, "duplicates"), "0");
  EXPECT_EQ(testing::value_of(values, "non_array_files"), "0");
  for (int day = 23; day <= 29; ++day)
    EXPECT_EQ(testing::value_of(
                  values, "parts_per_day.events_week_43.zip!events_2023-10-" + std::to_string(day) + ".zip"),
              "5");
}

TEST_F(GeneratorTest, PartFilesAreExactlyPythonJsonDumpIndent2) {
  generate_events(options_, catalog_);
  // Re-dump every part with Python's json.dump(indent=2) and compare bytes;
  // also check the seed's field order and that nothing but part files is inside.
  const std::string python =
      "import io, json, sys, zipfile\n"
      "week = zipfile.ZipFile(sys.argv[1])\n"
      "names = [i.filename for i in week.infolist()]\n"
      "assert names == ['events_2023-10-%02d.zip' % d for d in range(23, 30)], names\n"
      "for name in names:\n"
      "    day = zipfile.ZipFile(io.BytesIO(week.read(name)))\n"
      "    parts = [i.filename for i in day.infolist()]\n"
      "    assert parts == ['part-%03d.json' % p for p in range(1, 6)], parts\n"
      "    for part in parts:\n"
      "        text = day.read(part).decode()\n"
      "        records = json.loads(text)\n"
      "        assert len(records) == 100\n"
      "        assert text == json.dumps(records, indent=2), part\n"
      "        for r in records:\n"
      "            keys = ['timestamp', 'customer_id', 'event_type', 'product_id']\n"
      "            if r['event_type'] == 'purchase': keys.append('quantity')\n"
      "            assert list(r) == keys, r\n"
      "print('checked')\n";
  std::string output;
  EXPECT_EQ(
      testing::run_command(
          "python3 -c \"" + python + "\" '" + (options_.out / "events_week_43.zip").string() + "'", &output),
      0)
      << output;
  EXPECT_EQ(output, "checked\n");
}

TEST_F(GeneratorTest, SameSeedSameBytesWhateverTheThreads) {
  options_.weeks = 3;
  options_.compact = true;
  const GenerateResult first = generate_events(options_, catalog_);
  const auto first_out = options_.out;
  options_.out = first_out.parent_path() / "again";
  options_.threads = 3;
  const GenerateResult again = generate_events(options_, catalog_);
  ASSERT_EQ(first.files.size(), 3u);
  for (size_t i = 0; i < first.files.size(); ++i) {
    EXPECT_EQ(first.files[i].filename(), again.files[i].filename());
    EXPECT_EQ(read_bytes(first.files[i]), read_bytes(again.files[i])) << first.files[i];
  }
  options_.out = first_out.parent_path() / "other-seed";
  options_.seed = 43;
  const GenerateResult other = generate_events(options_, catalog_);
  EXPECT_NE(read_bytes(first.files[0]), read_bytes(other.files[0]));
}

TEST_F(GeneratorTest, NeverOverwritesWithoutForce) {
  generate_events(options_, catalog_);
  const std::string before = read_bytes(options_.out / "events_week_43.zip");
  options_.seed = 7;
  try {
    generate_events(options_, catalog_);
    FAIL() << "expected a refusal";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("events_week_43.zip"), std::string::npos) << error.what();
  }
  EXPECT_EQ(read_bytes(options_.out / "events_week_43.zip"), before);
  options_.force = true;
  generate_events(options_, catalog_);
  EXPECT_NE(read_bytes(options_.out / "events_week_43.zip"), before);
}

TEST_F(GeneratorTest, YearBoundaryWeeksAreDistinctFiles) {
  options_.weeks = 12;
  options_.events_per_part = 3;
  const GenerateResult result = generate_events(options_, catalog_);
  ASSERT_EQ(result.files.size(), 12u);
  for (const auto& file : result.files) EXPECT_TRUE(std::filesystem::exists(file)) << file;
  EXPECT_EQ(result.files.front().filename(), "events_week_2023-43.zip");
  EXPECT_EQ(result.files.back().filename(), "events_week_2024-02.zip");
  const auto values = testing::classify_records(options_.out, 100, 50);
  EXPECT_EQ(testing::value_of(values, "records_read"), std::to_string(12 * 7 * 5 * 3));
}

TEST_F(GeneratorTest, ClickstreamNdjson) {
  options_.profile = Profile::kClickstream;
  options_.format = OutputFormat::kNdjson;
  const GenerateResult result = generate_events(options_, catalog_);
  ASSERT_EQ(result.files.size(), 7u);
  EXPECT_EQ(result.files.front().filename(), "events_2023-10-23.ndjson");
  const auto values = testing::classify_records(options_.out, 100, 50);
  EXPECT_EQ(testing::value_of(values, "records_read"), std::to_string(result.records));
  EXPECT_EQ(testing::value_of(values, "valid"), std::to_string(result.records));
  EXPECT_FALSE(result.notes.empty());
}

TEST_F(GeneratorTest, RejectsImpossibleOptions) {
  options_.parts_per_day = 0;
  EXPECT_THROW(generate_events(options_, catalog_), UsageError);
  options_.parts_per_day = 5;
  options_.dirty_rate = 1.5;
  EXPECT_THROW(generate_events(options_, catalog_), UsageError);
}

}  // namespace
}  // namespace ecomflow
