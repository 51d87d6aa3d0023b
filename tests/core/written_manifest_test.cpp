#include "core/written_manifest.hpp"

#include <gtest/gtest.h>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

TEST(WrittenManifestTest, ListsFilesInsideTheDirectoryOnly) {
  const auto directory = testing::scratch_dir("written_manifest");
  EXPECT_TRUE(read_written_files(directory).empty());
  record_written_files(directory, {directory / "sales_report.csv", directory / "charts" / "funnel.png",
                                   directory / ".." / "elsewhere.csv", "/etc/passwd"});
  record_written_files(directory, {directory / "quarantine.ndjson", directory / "sales_report.csv"});
  const std::set<std::string> expected{"charts/funnel.png", "quarantine.ndjson", "sales_report.csv"};
  EXPECT_EQ(read_written_files(directory), expected);
  forget_written_files(directory, {"charts/funnel.png"});
  EXPECT_EQ(read_written_files(directory), (std::set<std::string>{"quarantine.ndjson", "sales_report.csv"}));
}

}  // namespace
}  // namespace ecomflow
