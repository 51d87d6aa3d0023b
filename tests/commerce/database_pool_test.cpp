#include "commerce/database_pool.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include <fmt/format.h>

#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

TEST(DatabasePoolTest, ManySmallCommitsKeepTheSqliteLogShort) {
  testing::ScratchDatabase scratch("sqlite");
  scratch.database->execute(
      "CREATE TABLE lines (id INTEGER PRIMARY KEY, customer TEXT, product TEXT); "
      "CREATE INDEX lines_customer ON lines (customer); CREATE INDEX lines_product ON lines (product)");
  DatabasePool pool(scratch.url, 1);
  // Each commit writes about three pages to the log: 12,000 of them would
  // leave it near 140 MiB if nothing checkpointed it along the way.
  constexpr int kCommits = 12'000;
  for (int i = 0; i < kCommits; ++i) {
    PooledDatabase database = pool.acquire();
    database->query("INSERT INTO lines (customer, product) VALUES ($1, $2)",
                    {fmt::format("c{}", i % 97), fmt::format("p{}", i % 89)});
  }
  const std::filesystem::path log = scratch.database->file_path() + "-wal";
  ASSERT_TRUE(std::filesystem::exists(log));
  // SQLite's checkpoint after a commit restarts the log once it passes its
  // limit (10,000 pages of 4 KiB), so it never grows far beyond that.
  EXPECT_LT(std::filesystem::file_size(log), uintmax_t(48) << 20);
  EXPECT_EQ(scratch.database->query("SELECT COUNT(*) FROM lines").rows.at(0).at(0), std::to_string(kCommits));
}

}  // namespace
}  // namespace ecomflow
