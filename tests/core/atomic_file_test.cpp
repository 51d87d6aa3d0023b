#include "core/atomic_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

unsigned mode_of(const std::filesystem::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

TEST_F(AtomicFileTest, ModeFollowsTheUmaskAndNeverWidensAnExistingFile) {
  const mode_t old_umask = ::umask(022);
  write_file_atomically(directory_ / "report.csv", "a\n");
  EXPECT_EQ(mode_of(directory_ / "report.csv"), 0644u);
  {
    AtomicFile quarantine(directory_ / "quarantine.ndjson", nullptr, 0600);
    quarantine.write("{}\n");
    quarantine.commit();
  }
  EXPECT_EQ(mode_of(directory_ / "quarantine.ndjson"), 0600u);
  // Someone narrowed the report: replacing it keeps it narrow.
  ::chmod((directory_ / "report.csv").c_str(), 0640);
  write_file_atomically(directory_ / "report.csv", "b\n");
  EXPECT_EQ(mode_of(directory_ / "report.csv"), 0640u);
  ::umask(077);
  write_file_atomically(directory_ / "private.csv", "c\n");
  EXPECT_EQ(mode_of(directory_ / "private.csv"), 0600u);
  ::umask(old_umask);
}

TEST_F(AtomicFileTest, AbandonedTemporariesOfDeadProcessesAreRemoved) {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);  // reaped: its pid names no process now
  std::filesystem::create_directories(directory_ / "charts");
  const auto dead = fmt::format(".tmp-{}", child);
  const auto live = fmt::format(".tmp-{}", getpid());
  write_file_atomically(directory_ / ("sales_report.csv" + dead), "x");
  write_file_atomically(directory_ / "charts" / ("funnel.png" + dead), "x");
  write_file_atomically(directory_ / ("index.html" + live), "x");
  write_file_atomically(directory_ / "notes.tmp-abc", "x");
  EXPECT_EQ(remove_abandoned_temporaries(directory_), 2u);
  EXPECT_FALSE(std::filesystem::exists(directory_ / ("sales_report.csv" + dead)));
  EXPECT_FALSE(std::filesystem::exists(directory_ / "charts" / ("funnel.png" + dead)));
  EXPECT_TRUE(std::filesystem::exists(directory_ / ("index.html" + live)));
  EXPECT_TRUE(std::filesystem::exists(directory_ / "notes.tmp-abc"));
  EXPECT_EQ(remove_abandoned_temporaries(directory_ / "missing"), 0u);
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
