#include "store/database_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

using std::chrono::milliseconds;

class DatabaseLockTest : public testing::BackendTest {};

TEST_P(DatabaseLockTest, OneHolderPerRoleUntilReleased) {
  // A second connection stands for a second process: SQLite's lock belongs
  // to an open file description, PostgreSQL's advisory lock to a session.
  auto other = Database::open(url());
  auto first = DatabaseLock::acquire(db(), DatabaseLockRole::kRun);
  ASSERT_TRUE(first);
  EXPECT_TRUE(DatabaseLock::held_elsewhere(*other, DatabaseLockRole::kRun));
  EXPECT_FALSE(DatabaseLock::acquire(*other, DatabaseLockRole::kRun));
  EXPECT_FALSE(DatabaseLock::acquire(*other, DatabaseLockRole::kRun, milliseconds(300)));
  // The scheduler's lock is another one: a scheduler's child run is not its rival.
  EXPECT_TRUE(DatabaseLock::acquire(*other, DatabaseLockRole::kScheduler));
  first.reset();
  EXPECT_FALSE(DatabaseLock::held_elsewhere(*other, DatabaseLockRole::kRun));
  EXPECT_TRUE(DatabaseLock::acquire(*other, DatabaseLockRole::kRun));
}

TEST_P(DatabaseLockTest, DiesWithItsProcess) {
  int to_child[2], from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Takes the lock and ends without releasing it, as a killed run would.
    auto database = Database::open(url());
    auto lock = DatabaseLock::acquire(*database, DatabaseLockRole::kRun);
    const char taken = lock ? 'y' : 'n';
    (void)!write(from_child[1], &taken, 1);
    char go;
    (void)!read(to_child[0], &go, 1);
    _exit(0);
  }
  char taken = 0;
  ASSERT_EQ(read(from_child[0], &taken, 1), 1);
  ASSERT_EQ(taken, 'y');
  EXPECT_TRUE(DatabaseLock::held_elsewhere(db(), DatabaseLockRole::kRun));
  EXPECT_FALSE(DatabaseLock::acquire(db(), DatabaseLockRole::kRun));
  (void)!write(to_child[1], "x", 1);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  // PostgreSQL notices the closed connection on its own time: wait for it.
  EXPECT_TRUE(DatabaseLock::acquire(db(), DatabaseLockRole::kRun, std::chrono::seconds(60)));
  for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) close(fd);
}

TEST_P(DatabaseLockTest, DatabaseWorkGoesOnWhileHeld) {
  auto lock = DatabaseLock::acquire(db(), DatabaseLockRole::kRun);
  ASSERT_TRUE(lock);
  // The lock is not one of the database's own: readers and writers go on.
  auto other = Database::open(url());
  other->execute("CREATE TABLE t (x INTEGER)");
  with_transaction(db(), [&] { db().execute("INSERT INTO t VALUES (1)"); });
  EXPECT_EQ(other->query("SELECT COUNT(*) FROM t").rows.at(0).at(0).value_or(""), "1");
}

ECOMFLOW_ON_BOTH_BACKENDS(DatabaseLockTest);

}  // namespace
}  // namespace ecomflow
