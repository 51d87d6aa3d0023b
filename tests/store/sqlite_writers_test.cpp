/// Writers of one SQLite file in one process (the shop's connections, the
/// simulator's shoppers) wait their turn however long the writer before
/// them takes; only another process's lock is bounded by the busy timeout.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/database_url.hpp"
#include "store/sqlite_database.hpp"

namespace ecomflow {
namespace {

using std::chrono::milliseconds;

class SqliteWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("ecomflow_writers_" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    url_ = parse_database_url("sqlite:" + (directory_ / "shop.db").string());
    open()->execute("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  /// A connection whose SQLite busy timeout is far shorter than the writer
  /// before it holds the lock.
  std::unique_ptr<Database> open() const { return open_sqlite(url_, true, milliseconds(100)); }

  int64_t count() const { return std::stoll(*open()->query("SELECT n FROM counter", {}).rows.at(0).at(0)); }

  std::filesystem::path directory_;
  DatabaseUrl url_;
};

TEST_F(SqliteWritersTest, AWriterOfThisProcessWaitsForTheOneBeforeIt) {
  auto first = open();
  auto second = open();
  first->begin();
  first->execute("UPDATE counter SET n = n + 1");
  std::atomic<bool> second_began = false;
  std::string second_error;
  std::thread waiting([&] {
    try {
      second->begin();  // the write lock is held ten busy timeouts long
      second_began = true;
      second->execute("UPDATE counter SET n = n + 10");
      second->commit();
    } catch (const DatabaseError& error) {
      second_error = error.what();
    }
  });
  std::this_thread::sleep_for(milliseconds(1000));
  EXPECT_FALSE(second_began.load());
  first->commit();
  waiting.join();
  EXPECT_EQ(second_error, "");
  EXPECT_TRUE(second_began.load());
  EXPECT_EQ(count(), 11);
}

TEST_F(SqliteWritersTest, ManyWritersEachCommitOnce) {
  constexpr int kWriters = 12;
  constexpr int kTransactions = 15;
  std::vector<std::thread> writers;
  std::atomic<int> failures = 0;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      auto database = open();
      for (int t = 0; t < kTransactions; ++t) {
        try {
          database->begin();
          database->execute("UPDATE counter SET n = n + 1");
          std::this_thread::sleep_for(milliseconds(5));  // longer than a turn of the busy handler
          database->commit();
        } catch (const DatabaseError&) {
          database->rollback();
          ++failures;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(), kWriters * kTransactions);
}

TEST_F(SqliteWritersTest, ASecondTransactionOnTheSameThreadFailsInsteadOfWaitingForItself) {
  auto first = open();
  auto second = open();
  first->begin();
  try {
    second->begin();
    FAIL() << "the second connection began while the first held the write lock";
  } catch (const DatabaseError& error) {
    EXPECT_TRUE(error.transient()) << error.what();
  }
  first->rollback();
  second->begin();  // the turn is free again
  second->rollback();
}

TEST_F(SqliteWritersTest, ABeginInsideATransactionKeepsItsTurn) {
  auto first = open();
  auto second = open();
  first->begin();
  EXPECT_THROW(first->begin(), DatabaseError);  // SQLite has no nested BEGIN
  std::string second_error;
  std::thread waiting([&] {
    try {
      second->begin();
      second->execute("UPDATE counter SET n = n + 10");
      second->commit();
    } catch (const DatabaseError& error) {
      second_error = error.what();
    }
  });
  std::this_thread::sleep_for(milliseconds(500));  // five busy timeouts
  first->execute("UPDATE counter SET n = n + 1");
  first->commit();
  waiting.join();
  EXPECT_EQ(second_error, "");
  EXPECT_EQ(count(), 11);
}

TEST_F(SqliteWritersTest, AWriterWhoseTransactionEndedByErrorLetsTheNextIn) {
  auto first = open();
  first->begin();
  EXPECT_THROW(first->execute("INSERT INTO no_such_table VALUES (1)"), DatabaseError);
  first->rollback();
  std::thread next([&] {
    auto second = open();
    second->begin();
    second->execute("UPDATE counter SET n = n + 1");
    second->commit();
  });
  next.join();
  EXPECT_EQ(count(), 1);
}

}  // namespace
}  // namespace ecomflow
