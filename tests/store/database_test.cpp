#include "store/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

using testing::BackendTest;
using Row = std::vector<std::optional<std::string>>;

class DatabaseTest : public BackendTest {
 protected:
  void create_items() { db().execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, note TEXT)"); }
  int64_t count_items() { return std::stoll(*db().query("SELECT COUNT(*) FROM items").rows.at(0).at(0)); }
  /// Bulk-inserts ids 0..rows-1 into a new items table, except that row
  /// `repeat_at` repeats id `repeated`: the insert must throw and leave nothing.
  void expect_duplicate_leaves_nothing(int rows, int repeat_at, int repeated) {
    create_items();
    int next = 0;
    EXPECT_THROW(db().bulk_insert("items", {"id", "name"},
                                  [&](Row& row) {
                                    if (next == rows) return false;
                                    row = {std::to_string(next == repeat_at ? repeated : next), "x"};
                                    ++next;
                                    return true;
                                  }),
                 UserError);
    EXPECT_EQ(count_items(), 0);
  }
};

TEST_P(DatabaseTest, QueryWithParametersAndNulls) {
  const auto result = db().query("SELECT $1 AS a, $2 AS b, $1 || '-' || $3 AS c", {"x", std::nullopt, "z"});
  ASSERT_EQ(result.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0], (Row{"x", std::nullopt, "x-z"}));
}

TEST_P(DatabaseTest, ParametersBindByNumberNotPosition) {
  create_items();
  db().query("INSERT INTO items (name, id, note) VALUES ($2, $1, NULL)", {"7", "seven"});
  const auto result = db().query("SELECT id, name, note FROM items WHERE id = $1", {"7"});
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0], (Row{"7", "seven", std::nullopt}));
}

TEST_P(DatabaseTest, RepeatedStatementIsPreparedOnceAndRebindsEachCall) {
  create_items();
  const std::string insert = "INSERT INTO items (id, name) VALUES ($1, $2)";
  for (int id = 1; id <= 3; ++id) db().query(insert, {std::to_string(id), "item " + std::to_string(id)});
  for (int id = 1; id <= 3; ++id)
    EXPECT_EQ(db().query("SELECT name FROM items WHERE id = $1", {std::to_string(id)}).rows.at(0).at(0),
              "item " + std::to_string(id));
  // The connection still holds the compiled insert after its three runs.
  const auto held =
      db().backend() == "sqlite"
          ? db().query("SELECT run FROM sqlite_stmt WHERE sql = $1", {insert})
          : db().query("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = $1", {insert});
  ASSERT_EQ(held.rows.size(), 1u);
  EXPECT_EQ(held.rows[0][0], db().backend() == "sqlite" ? "3" : "1");
}

TEST_P(DatabaseTest, CachedStatementHoldsNoLockAfterItsQuery) {
  create_items();
  db().query("INSERT INTO items (id, name) VALUES (1, 'a')");
  EXPECT_EQ(db().query("SELECT name FROM items WHERE id = $1", {"1"}).rows.at(0).at(0), "a");
  // A statement left mid-read would keep the table busy for DROP.
  db().execute("DROP TABLE items");
  EXPECT_FALSE(db().table_exists("items"));
  create_items();
  EXPECT_TRUE(db().query("SELECT name FROM items WHERE id = $1", {"1"}).rows.empty());
}

TEST_P(DatabaseTest, ExecuteRunsScripts) {
  db().execute(
      "CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1); INSERT INTO b "
      "VALUES (2);");
  EXPECT_TRUE(db().table_exists("a"));
  EXPECT_TRUE(db().table_exists("b"));
  EXPECT_FALSE(db().table_exists("c"));
  EXPECT_EQ(*db().query("SELECT x + (SELECT y FROM b) FROM a").rows.at(0).at(0), "3");
}

TEST_P(DatabaseTest, RollbackDiscardsAndCommitKeeps) {
  create_items();
  db().begin();
  db().query("INSERT INTO items (id, name) VALUES (1, 'a')");
  db().rollback();
  EXPECT_EQ(count_items(), 0);

  EXPECT_THROW(with_transaction(db(),
                                [&] {
                                  db().query("INSERT INTO items (id, name) VALUES (1, 'a')");
                                  throw UserError("stop");
                                }),
               UserError);
  EXPECT_EQ(count_items(), 0);

  with_transaction(db(), [&] { db().query("INSERT INTO items (id, name) VALUES (2, 'b')"); });
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, ConstraintViolationInTransactionRollsBackCleanly) {
  create_items();
  db().query("INSERT INTO items (id, name) VALUES (1, 'a')");
  EXPECT_THROW(with_transaction(db(),
                                [&] {
                                  db().query("INSERT INTO items (id, name) VALUES (2, 'b')");
                                  db().query("INSERT INTO items (id, name) VALUES (1, 'again')");
                                }),
               UserError);
  EXPECT_EQ(count_items(), 1);
  db().query("INSERT INTO items (id, name) VALUES (3, 'c')");  // the connection is still usable
  EXPECT_EQ(count_items(), 2);
}

TEST_P(DatabaseTest, BadSqlNamesTheStatement) {
  try {
    db().query("SELECT nonexistent_column FROM nowhere_table");
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("nowhere_table"), std::string::npos) << message;
    EXPECT_NE(message.find("statement: SELECT nonexistent_column"), std::string::npos) << message;
  }
  const std::string long_statement = "SELECT " + std::string(500, '1') + " FROM nowhere";
  try {
    db().execute(long_statement);
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    EXPECT_LT(std::string(error.what()).size(), 500u) << "the statement is cut to 200 characters";
  }
}

TEST_P(DatabaseTest, ParameterCountMismatchIsAnError) {
  EXPECT_THROW(db().query("SELECT $1, $2", {"only one"}), UserError);
}

/// Values that COPY text format and SQL quoting must both survive.
const std::vector<Row>& awkward_rows() {
  static const std::vector<Row> rows{
      {"1", "plain", "note"},
      {"2", std::nullopt, ""},
      {"3", "", std::nullopt},
      {"4", "tab\there", "new\nline"},
      {"5", "back\\slash \\N \\t", "carriage\r\nreturn"},
      {"6", "quotes ' \" ,commas,", "\\N"},
      {"7", "unicodé ☕ 日本語 🛒", "NULL"},
  };
  return rows;
}

TEST_P(DatabaseTest, BulkInsertRoundTripsAwkwardValues) {
  create_items();
  size_t next = 0;
  const int64_t loaded = db().bulk_insert("items", {"id", "name", "note"}, [&](Row& row) {
    if (next == awkward_rows().size()) return false;
    row = awkward_rows()[next++];
    return true;
  });
  EXPECT_EQ(loaded, int64_t(awkward_rows().size()));
  EXPECT_EQ(db().query("SELECT id, name, note FROM items ORDER BY id").rows, awkward_rows());
}

TEST_P(DatabaseTest, BulkInsertKeepsNumberLikeTextAsWrittenAndIntegersAsIntegers) {
  db().execute("CREATE TABLE numbers (id INTEGER PRIMARY KEY, big BIGINT, label TEXT)");
  const std::vector<Row> rows = {
      {"1", "9223372036854775807", "007"},
      {"2", "-9223372036854775808", "-0"},
      {"3", "-12", "99999999999999999999"},
      {"4", "0", "+5"},
      {"5", "42", "1e3"},
      {"6", "7", " 7"},
      {"7", "8", "42"},
      {"8", std::nullopt, "-9223372036854775809"},
  };
  size_t next = 0;
  db().bulk_insert("numbers", {"id", "big", "label"}, [&](Row& row) {
    if (next == rows.size()) return false;
    row = rows[next++];
    return true;
  });
  EXPECT_EQ(db().query("SELECT id, big, label FROM numbers ORDER BY id").rows, rows);
  // Integer columns hold integers, so they sort and compare as numbers.
  EXPECT_EQ(db().query("SELECT id FROM numbers WHERE big IS NOT NULL ORDER BY big LIMIT 2").rows,
            (std::vector<Row>{{"2"}, {"3"}}));
  if (db().backend() == "sqlite") {
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM numbers WHERE typeof(big) = 'integer'").rows.at(0).at(0), "7");
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM numbers WHERE typeof(label) = 'text'").rows.at(0).at(0), "8");
  }
}

TEST_P(DatabaseTest, BulkInsertLoadsEveryRowWhateverTheCount) {
  // Row counts around the batches SQLite inserts per statement (256 rows).
  for (const int rows : {0, 1, 255, 256, 257, 600}) {
    db().execute("DROP TABLE IF EXISTS items");
    create_items();
    int next = 0;
    const int64_t loaded = db().bulk_insert("items", {"id", "name", "note"}, [&](Row& row) {
      if (next == rows) return false;
      row = {std::to_string(next), "item " + std::to_string(next),
             next % 3 == 0 ? std::nullopt : Row::value_type("n")};
      ++next;
      return true;
    });
    EXPECT_EQ(loaded, rows);
    EXPECT_EQ(count_items(), rows);
    const auto result = db().query("SELECT id, name, note FROM items ORDER BY id");
    ASSERT_EQ(result.rows.size(), size_t(rows));
    for (int i = 0; i < rows; ++i) {
      const Row expected = {std::to_string(i), "item " + std::to_string(i),
                            i % 3 == 0 ? std::nullopt : Row::value_type("n")};
      ASSERT_EQ(result.rows[size_t(i)], expected) << rows << " rows, row " << i;
    }
  }
}

TEST_P(DatabaseTest, BulkInsertOfLargeValuesKeepsEveryRow) {
  // Rows of 700 kB: SQLite ends a batch early once it holds 4 MB.
  create_items();
  const int rows = 12;
  int next = 0;
  db().bulk_insert("items", {"id", "name", "note"}, [&](Row& row) {
    if (next == rows) return false;
    row = {std::to_string(next), std::string(700'000, char('a' + next)), "big"};
    ++next;
    return true;
  });
  const auto result = db().query("SELECT id, LENGTH(name), SUBSTR(name, 1, 1) FROM items ORDER BY id");
  ASSERT_EQ(result.rows.size(), size_t(rows));
  for (int i = 0; i < rows; ++i)
    EXPECT_EQ(result.rows[size_t(i)], (Row{std::to_string(i), "700000", std::string(1, char('a' + i))}));
}

TEST_P(DatabaseTest, BulkInsertViolationInALaterBatchLeavesNothing) {
  expect_duplicate_leaves_nothing(600, 300, 3);  // id 3 twice, the second in the second batch
}

TEST_P(DatabaseTest, BulkInsertJoinsTheCallersTransaction) {
  create_items();
  db().begin();
  bool produced = false;
  db().bulk_insert("items", {"id", "name"}, [&](Row& row) {
    if (produced) return false;
    row = {"1", "x"};
    return produced = true;
  });
  db().rollback();
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, BulkInsertConstraintViolationLeavesNothingAndConnectionUsable) {
  expect_duplicate_leaves_nothing(3, 2, 0);  // id 0 twice
  db().query("INSERT INTO items (id, name) VALUES (1, 'after')");
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, BulkInsertProducerFailureLeavesConnectionUsable) {
  create_items();
  int next = 0;
  EXPECT_THROW(db().bulk_insert("items", {"id", "name"},
                                [&](Row& row) {
                                  if (next == 2) throw UserError("source went away");
                                  row = {std::to_string(next++), "x"};
                                  return true;
                                }),
               UserError);
  EXPECT_EQ(count_items(), 0);
  db().query("INSERT INTO items (id, name) VALUES (1, 'after')");
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, DataSurvivesReopening) {
  create_items();
  db().query("INSERT INTO items (id, name) VALUES (1, 'kept')");
  const auto reopened = Database::open(url());
  EXPECT_EQ(*reopened->query("SELECT name FROM items").rows.at(0).at(0), "kept");
  EXPECT_EQ(reopened->backend(), GetParam());
}

ECOMFLOW_ON_BOTH_BACKENDS(DatabaseTest);

TEST(SqliteDatabaseTest, CreatesParentDirectoriesAndUsesWal) {
  const auto directory = testing::scratch_dir("sqlite-open");
  const auto path = directory / "nested" / "deeper" / "shop.db";
  const auto database = Database::open("sqlite:" + path.string());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(*database->query("PRAGMA journal_mode").rows.at(0).at(0), "wal");
  EXPECT_EQ(*database->query("PRAGMA foreign_keys").rows.at(0).at(0), "1");
  EXPECT_EQ(database->display_name(), "sqlite:" + path.string());
}

TEST(SqliteDatabaseTest, LargeCommitsAreCheckpointedWhileTheConnectionWorksOn) {
  const auto path = testing::scratch_dir("sqlite-checkpoint") / "shop.db";
  const auto log = std::filesystem::path(path.string() + "-wal");
  constexpr int kRows = 100'000;  // about 8 MB of pages, past the 1000-page threshold
  {
    const auto database = Database::open("sqlite:" + path.string());
    database->execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, note TEXT)");
    int next = 0;
    database->bulk_insert("items", {"id", "name", "note"}, [&](Row& row) {
      if (next == kRows) return false;
      row = {std::to_string(next), std::string(60, char('a' + next % 26)), std::nullopt};
      ++next;
      return true;
    });
    // The pages reach the database file without waiting for the close,
    // while this connection goes on writing and reading.
    database->query("INSERT INTO items (id, name) VALUES (-1, 'after')");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::filesystem::file_size(path) < size_t(4) << 20 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(std::filesystem::file_size(path), size_t(4) << 20);
    EXPECT_EQ(*database->query("SELECT COUNT(*) FROM items").rows.at(0).at(0), std::to_string(kRows + 1));
  }
  EXPECT_FALSE(std::filesystem::exists(log));  // the last close checkpointed the rest and removed the log
  const auto reopened = Database::open("sqlite:" + path.string());
  EXPECT_EQ(*reopened->query("SELECT COUNT(*) FROM items").rows.at(0).at(0), std::to_string(kRows + 1));
}

TEST(SqliteDatabaseTest, UnopenablePathIsUserError) {
  const auto directory = testing::scratch_dir("sqlite-bad");
  // A directory where the database file should be.
  std::filesystem::create_directories(directory / "shop.db");
  EXPECT_THROW(Database::open("sqlite:" + (directory / "shop.db").string())->query("SELECT 1"), UserError);
}

TEST(PostgresDatabaseTest, MissingDatabaseIsClear) {
  ECOMFLOW_REQUIRE_POSTGRES();
  const std::string url =
      testing::ScratchDatabase::with_database(testing::postgres_url(), "no_such_database_here");
  try {
    Database::open(url);
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("database \"no_such_database_here\" does not exist"), std::string::npos)
        << message;
    EXPECT_NE(message.find("cannot connect to PostgreSQL at 127.0.0.1:"), std::string::npos) << message;
    const std::string password = testing::postgres_url().substr(0, testing::postgres_url().find('@'));
    EXPECT_EQ(message.find(password.substr(password.rfind(':') + 1)), std::string::npos) << message;
  }
}

TEST(PostgresDatabaseTest, LostConnectionAtBeginIsUserError) {
  // A server restart between two transactions: the next BEGIN must end the
  // command with the same clear message as a lost connection anywhere else.
  ECOMFLOW_REQUIRE_POSTGRES();
  testing::ScratchDatabase scratch("postgresql");
  const std::string pid = *scratch.database->query("SELECT pg_backend_pid()").rows.at(0).at(0);
  Database::open(scratch.url)->query("SELECT pg_terminate_backend($1::int)", {pid});
  try {
    scratch.database->begin();
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("lost connection to PostgreSQL"), std::string::npos)
        << error.what();
  }
}

TEST(PostgresDatabaseTest, SchemaQualifiedTableExists) {
  ECOMFLOW_REQUIRE_POSTGRES();
  testing::ScratchDatabase scratch("postgresql");
  scratch.database->execute("CREATE SCHEMA shop; CREATE TABLE shop.orders (id INTEGER)");
  EXPECT_TRUE(scratch.database->table_exists("shop.orders"));
  EXPECT_FALSE(scratch.database->table_exists("orders"));
}

}  // namespace
}  // namespace ecomflow
