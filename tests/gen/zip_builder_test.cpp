#include "gen/zip_builder.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

/// Reads every entry back with libzip: name → content.
std::vector<std::pair<std::string, std::string>> read_with_libzip(const std::string& archive) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  EXPECT_NE(source, nullptr);
  zip_t* zip = zip_open_from_source(source, ZIP_CHECKCONS, &error);
  EXPECT_NE(zip, nullptr) << zip_error_strerror(&error);
  std::vector<std::pair<std::string, std::string>> entries;
  if (!zip) return entries;
  for (zip_int64_t index = 0; index < zip_get_num_entries(zip, 0); ++index) {
    zip_stat_t stat;
    zip_stat_index(zip, uint64_t(index), 0, &stat);
    EXPECT_EQ(stat.comp_method, ZIP_CM_DEFLATE);
    std::string content(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(zip, uint64_t(index), 0);
    EXPECT_EQ(zip_fread(file, content.data(), stat.size), zip_int64_t(stat.size));
    zip_fclose(file);
    entries.emplace_back(stat.name, content);
  }
  zip_close(zip);
  return entries;
}

std::string sample_text(int repeat) {
  std::string text;
  for (int i = 0; i < repeat; ++i)
    text += "{\"timestamp\": \"2023-10-23T00:00:" + std::to_string(i % 60) + "\"}\n";
  return text;
}

TEST(ZipBuilder, ReadsBackWithLibzip) {
  ZipBuilder builder(1);
  const std::string big = sample_text(20000);
  builder.add("part-001.json", big, days_from_civil(2023, 10, 23));
  builder.add("part-002.json", "[]", days_from_civil(2023, 10, 23));
  builder.add("empty.json", "", days_from_civil(2023, 10, 23));
  EXPECT_EQ(builder.entry_count(), 3);
  const std::string archive = builder.finish();
  EXPECT_LT(archive.size(), big.size() / 5);  // really deflated
  const auto entries = read_with_libzip(archive);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first, "part-001.json");
  EXPECT_EQ(entries[0].second, big);
  EXPECT_EQ(entries[1].second, "[]");
  EXPECT_EQ(entries[2].second, "");
}

TEST(ZipBuilder, IsReusableAndDeterministic) {
  ZipBuilder builder(6);
  builder.add("a.json", sample_text(100), days_from_civil(2024, 1, 2));
  const std::string first = builder.finish();
  EXPECT_EQ(builder.entry_count(), 0);
  builder.add("a.json", sample_text(100), days_from_civil(2024, 1, 2));
  EXPECT_EQ(builder.finish(), first);
  builder.add("a.json", sample_text(100), days_from_civil(2024, 1, 3));
  EXPECT_NE(builder.finish(), first);  // the date is in the entry
}

TEST(ZipBuilder, NestedArchivesPassUnzipAndPython) {
  ZipBuilder inner(1), outer(1);
  inner.add("part-001.json", sample_text(500), days_from_civil(2023, 10, 23));
  inner.add("part-002.json", sample_text(7), days_from_civil(2023, 10, 23));
  outer.add("events_2023-10-23.zip", inner.finish(), days_from_civil(2023, 10, 23));
  const auto directory = testing::scratch_dir("zip-builder");
  const auto path = directory / "week.zip";
  const std::string archive = outer.finish();
  std::ofstream(path, std::ios::binary).write(archive.data(), std::streamsize(archive.size()));

  std::string output;
  EXPECT_EQ(testing::run_command("unzip -t '" + path.string() + "'", &output), 0) << output;
  EXPECT_NE(output.find("No errors detected"), std::string::npos) << output;
  const std::string python =
      "import io, sys, zipfile\n"
      "outer = zipfile.ZipFile(sys.argv[1])\n"
      "assert outer.testzip() is None\n"
      "info = outer.infolist()[0]\n"
      "assert info.date_time == (2023, 10, 23, 0, 0, 0), info.date_time\n"
      "inner = zipfile.ZipFile(io.BytesIO(outer.read(info)))\n"
      "assert inner.testzip() is None\n"
      "print(' '.join(i.filename for i in inner.infolist()), len(inner.read('part-002.json')))\n";
  EXPECT_EQ(testing::run_command("python3 -c \"" + python + "\" '" + path.string() + "'", &output), 0)
      << output;
  EXPECT_NE(output.find("part-001.json part-002.json " + std::to_string(sample_text(7).size())),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace ecomflow
