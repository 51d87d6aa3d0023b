#include "store/migrations.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

using testing::BackendTest;

void expect_embedded_matches_files(const std::vector<Migration>& migrations, const std::string& backend) {
  const auto directory = testing::source_dir() / "sql" / backend;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    files += entry.path().extension() == ".sql";
  EXPECT_EQ(files, migrations.size()) << "rebuild: the build embeds sql/ into the binary";
  for (const Migration& migration : migrations) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%03d_", migration.version);
    const auto path = directory / (prefix + std::string(migration.name) + ".sql");
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path << " missing: rebuild: the build embeds sql/ into the binary";
    std::ostringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), migration.sql)
        << path << " differs from the binary: rebuild: the build embeds sql/ into the binary";
  }
}

TEST(EmbeddedMigrationsTest, MatchTheSqlFiles) {
  expect_embedded_matches_files(sqlite_migrations(), "sqlite");
  expect_embedded_matches_files(postgres_migrations(), "postgres");
}

TEST(EmbeddedMigrationsTest, VersionsAscendAndBackendsAgree) {
  ASSERT_EQ(sqlite_migrations().size(), postgres_migrations().size());
  ASSERT_FALSE(sqlite_migrations().empty());
  EXPECT_EQ(sqlite_migrations()[0].version, 1);
  // Numbers may skip, never repeat or go back.
  for (size_t i = 0; i < sqlite_migrations().size(); ++i) {
    if (i > 0) {
      EXPECT_GT(sqlite_migrations()[i].version, sqlite_migrations()[i - 1].version);
    }
    EXPECT_EQ(sqlite_migrations()[i].name, postgres_migrations()[i].name);
    EXPECT_EQ(postgres_migrations()[i].version, sqlite_migrations()[i].version);
  }
}

class MigrationsTest : public BackendTest {};

TEST_P(MigrationsTest, FromEmptyThenNoOp) {
  for (const auto& status : migration_status(db())) EXPECT_FALSE(status.applied) << status.name;
  EXPECT_EQ(migrate(db()), int(migrations_for(db()).size()));
  for (const char* table :
       {"customers", "products", "ingest_ledger", "quarantine", "sales_facts", "pipeline_runs"})
    EXPECT_TRUE(db().table_exists(table)) << table;
  const auto statuses = migration_status(db());
  ASSERT_EQ(statuses.size(), migrations_for(db()).size());
  for (const auto& status : statuses) {
    EXPECT_TRUE(status.applied) << status.name;
    EXPECT_FALSE(status.applied_at.empty()) << status.name;
  }
  EXPECT_EQ(migrate(db()), 0);
  EXPECT_EQ(*db().query("SELECT COUNT(*) FROM schema_version").rows.at(0).at(0),
            std::to_string(migrations_for(db()).size()));
}

TEST_P(MigrationsTest, AppliesOnlyWhatIsPending) {
  db().execute(
      "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT "
      "NULL)");
  db().execute(std::string(migrations_for(db()).at(0).sql));
  db().query("INSERT INTO schema_version VALUES (1, 'catalog', '2024-01-01T00:00:00Z')");
  const auto before = migration_status(db());
  EXPECT_TRUE(before.at(0).applied);
  EXPECT_FALSE(before.at(1).applied);
  EXPECT_EQ(migrate(db()), int(migrations_for(db()).size()) - 1);
  EXPECT_EQ(migration_status(db()).at(0).applied_at, "2024-01-01T00:00:00Z");
  EXPECT_TRUE(db().table_exists("sales_facts"));
}

TEST_P(MigrationsTest, SecondConnectionFindsNothingPending) {
  auto other = Database::open(url());
  EXPECT_EQ(migrate(*other) + migrate(db()), int(migrations_for(db()).size()));
}

ECOMFLOW_ON_BOTH_BACKENDS(MigrationsTest);

TEST(PostgresMigrationsTest, AddsStockToSeedProductsTable) {
  ECOMFLOW_REQUIRE_POSTGRES();
  testing::ScratchDatabase scratch("postgresql");
  scratch.database->execute(
      "CREATE TABLE products (product_id VARCHAR(10) PRIMARY KEY, product_name VARCHAR(100), "
      "category VARCHAR(50), price NUMERIC(10,2)); INSERT INTO products VALUES ('p001', 'A', 'Books', 1.00)");
  migrate(*scratch.database);
  EXPECT_EQ(*scratch.database->query("SELECT stock FROM products").rows.at(0).at(0), "0");
}

}  // namespace
}  // namespace ecomflow
