#include "core/atomic_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

size_t entries_in(const std::filesystem::path& directory) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++count;
  return count;
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = testing::scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::filesystem::path directory_;
};

TEST_F(AtomicFileTest, SingleFileAppearsOnCommitOnly) {
  const std::filesystem::path target = directory_ / "nested" / "a.csv";
  {
    AtomicFile file(target);
    file.write("x,y\n");
    EXPECT_FALSE(std::filesystem::exists(target));
  }  // dropped without commit: nothing appears, no temporary is left
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_EQ(entries_in(target.parent_path()), 0u);
  write_file_atomically(target, "x,y\n1,2\n");
  EXPECT_EQ(testing::read_file(target), "x,y\n1,2\n");
}

TEST_F(AtomicFileTest, SetRenamesEveryFileOnlyWhenCommitted) {
  write_file_atomically(directory_ / "old.csv", "old\n");
  AtomicFileSet set;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string name = fmt::format("f{}-{}.txt", t, i);
        write_file_atomically(directory_ / "set" / name, name, &set);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  {
    AtomicFile replacement(directory_ / "old.csv", &set);
    replacement.write("new\n");
    replacement.commit();
  }
  // Complete, but not yet published: only temporary names exist.
  EXPECT_EQ(testing::read_file(directory_ / "old.csv"), "old\n");
  EXPECT_FALSE(std::filesystem::exists(directory_ / "set" / "f0-0.txt"));
  EXPECT_EQ(entries_in(directory_ / "set"), 40u);
  set.commit();
  EXPECT_EQ(testing::read_file(directory_ / "old.csv"), "new\n");
  EXPECT_EQ(entries_in(directory_ / "set"), 40u);
  for (int t = 0; t < 4; ++t)
    for (int i = 0; i < 10; ++i) {
      const std::string name = fmt::format("f{}-{}.txt", t, i);
      EXPECT_EQ(testing::read_file(directory_ / "set" / name), name);
    }
}

TEST_F(AtomicFileTest, SetDroppedWithoutCommitLeavesTargetsAsTheyWere) {
  write_file_atomically(directory_ / "report.csv", "before\n");
  {
    AtomicFileSet set;
    write_file_atomically(directory_ / "report.csv", "after\n", &set);
    write_file_atomically(directory_ / "new.csv", "new\n", &set);
  }
  EXPECT_EQ(testing::read_file(directory_ / "report.csv"), "before\n");
  EXPECT_FALSE(std::filesystem::exists(directory_ / "new.csv"));
  EXPECT_EQ(entries_in(directory_), 1u);
}

}  // namespace
}  // namespace ecomflow
