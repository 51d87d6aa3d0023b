#include "ingest/discover.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "ingest/zip_fixture.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

TEST(DiscoverInputs, FindsEventFilesRecursivelyInOrder) {
  const auto dir = testing::scratch_dir("discover");
  for (const char* name :
       {"b/events_week_44.zip", "events_week_43.zip", "a/x.ndjson", "a/y.jsonl", "a/z.csv", "c.json",
        "d.json.gz", "e.ndjson.GZ", "F.JSON", "notes.txt", "g.csv.bz2", ".hidden.json", ".cache/inside.json",
        "~$lock.csv", "part.json.tmp-123", "h.zip.part"})
    testing::write_bytes(dir / name, "x");
  std::filesystem::create_directories(dir / "folder.zip");  // a directory, not an archive

  std::vector<std::string> found;
  for (const auto& path : discover_inputs(dir)) found.push_back(path.lexically_relative(dir).string());
  const std::vector<std::string> expected = {"F.JSON",    "a/x.ndjson",           "a/y.jsonl",
                                             "a/z.csv",   "b/events_week_44.zip", "c.json",
                                             "d.json.gz", "e.ndjson.GZ",          "events_week_43.zip"};
  EXPECT_EQ(found, expected);
}

TEST(DiscoverInputs, MissingDirectoryIsAUserError) {
  const auto dir = testing::scratch_dir("discover") / "nope";
  try {
    discover_inputs(dir);
    FAIL() << "no error";
  } catch (const UserError& error) {
    EXPECT_EQ(std::string(error.what()), "events directory '" + dir.string() + "' does not exist");
  }
}

TEST(DiscoverInputs, EmptyDirectoryHasNoInputs) {
  EXPECT_TRUE(discover_inputs(testing::scratch_dir("discover")).empty());
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

TEST(DiscoverMetadataTest, SkipsUnderscoreMetadataFiles) {
  const auto dir = testing::scratch_dir("discover-metadata");
  for (const char* name : {"_dirty_manifest.json", "_SUCCESS", "events.json"}) {
    std::ofstream(dir / name) << "[]";
  }
  const auto inputs = discover_inputs(dir);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].filename(), "events.json");
}

}  // namespace
}  // namespace ecomflow
