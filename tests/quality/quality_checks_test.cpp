#include "quality/quality_checks.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "quality/quality_store.hpp"
#include "quality/table_metrics.hpp"
#include "quality/table_names.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

CheckSpec spec_of(CheckType type, std::string table, std::vector<std::string> columns = {}) {
  CheckSpec spec;
  spec.name = std::string(check_type_name(type)) + "_check";
  spec.type = type;
  spec.table = std::move(table);
  spec.columns = std::move(columns);
  return spec;
}

class QualityChecksTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
    db().execute(
        "CREATE TABLE kinds (kind TEXT PRIMARY KEY);"
        "INSERT INTO kinds VALUES ('a'), ('b');"
        "CREATE TABLE items (id INTEGER, kind TEXT, price NUMERIC(10,2), label TEXT);"
        "INSERT INTO items VALUES (1, 'a', 5.00, 'x'), (2, 'b', 10.50, 'y'), (3, 'a', 99.99, 'z');"
        "CREATE TABLE events (event_time TIMESTAMP, amount INTEGER);");
  }
  CheckResult run_one(const CheckSpec& spec, int64_t run_id = 0) {
    const QualityReport report = run_quality_checks(db(), {spec}, run_id);
    EXPECT_EQ(report.results.size(), 1u);
    return report.results.at(0);
  }
  void add_events(const std::string& day, int count) {
    for (int i = 0; i < count; ++i)
      db().query("INSERT INTO events VALUES ($1, 1)",
                 {fmt::format("{} {:02d}:{:02d}:00", day, i / 60 % 24, i % 60)});
  }
};

TEST_P(QualityChecksTest, NotNull) {
  const CheckSpec spec = spec_of(CheckType::kNotNull, "items", {"id", "kind"});
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  db().execute("INSERT INTO items VALUES (4, NULL, 1, 'n'), (NULL, 'a', 1, 'm')");
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.failing_rows, 2);
  ASSERT_EQ(failed.observation.sample.size(), 2u);
  EXPECT_NE(failed.observation.sample[0].find("\"label\": "), std::string::npos);
  CheckSpec filtered = spec;
  filtered.where = "label <> 'n'";
  EXPECT_EQ(run_one(filtered).observation.failing_rows, 1);
}

TEST_P(QualityChecksTest, Unique) {
  const CheckSpec spec = spec_of(CheckType::kUnique, "items", {"id"});
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  EXPECT_EQ(run_one(spec_of(CheckType::kUnique, "items", {"kind"})).observation.failing_rows, 2);
  EXPECT_EQ(run_one(spec_of(CheckType::kUnique, "items", {"kind", "id"})).status, CheckStatus::kPass);
  db().execute(
      "INSERT INTO items VALUES (1, 'b', 1, 'dup'), (1, 'a', 2, 'dup2'), (NULL, 'a', 1, 'n1'), (NULL, 'a', "
      "1, 'n2')");
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.failing_rows, 3);  // three rows share id 1; NULL ids are not keys
  ASSERT_EQ(failed.observation.sample.size(), 1u);
  EXPECT_NE(failed.observation.sample[0].find("\"occurrences\": \"3\""), std::string::npos);
}

TEST_P(QualityChecksTest, AcceptedValues) {
  CheckSpec spec = spec_of(CheckType::kAcceptedValues, "items", {"kind"});
  spec.values = {"a", "b"};
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  db().execute("INSERT INTO items VALUES (7, 'c', 1, 'bad'), (8, NULL, 1, 'null is not judged')");
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.failing_rows, 1);
}

TEST_P(QualityChecksTest, Relationships) {
  CheckSpec spec = spec_of(CheckType::kRelationships, "items", {"kind"});
  spec.to_table = "kinds";
  spec.to_column = "kind";
  // A NULL key refers to nothing and is not an orphan.
  db().execute("INSERT INTO items VALUES (6, NULL, 1, 'no kind')");
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  db().execute("INSERT INTO items VALUES (7, 'zz', 1, 'orphan')");
  // SQLite lets a TEXT primary key hold NULL: it must not hide the orphan.
  if (db().backend() == "sqlite") db().execute("INSERT INTO kinds VALUES (NULL)");
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.failing_rows, 1);
  ASSERT_EQ(failed.observation.sample.size(), 1u);
  EXPECT_NE(failed.observation.sample[0].find("\"kind\": \"zz\""), std::string::npos);
}

TEST_P(QualityChecksTest, Range) {
  CheckSpec spec = spec_of(CheckType::kRange, "items", {"price"});
  spec.min = "0.01";
  spec.max = "100";
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  db().execute(
      "INSERT INTO items VALUES (7, 'a', 0, 'free'), (8, 'a', 100.01, 'dear'), (9, 'a', 100, 'edge')");
  EXPECT_EQ(run_one(spec).observation.failing_rows, 2);
  spec.max.reset();
  EXPECT_EQ(run_one(spec).observation.failing_rows, 1);
}

TEST_P(QualityChecksTest, RowCount) {
  CheckSpec spec = spec_of(CheckType::kRowCount, "items");
  spec.min = "3";
  spec.max = "4";
  const CheckResult pass = run_one(spec);
  EXPECT_EQ(pass.status, CheckStatus::kPass);
  EXPECT_EQ(pass.observation.value, 3);
  spec.min = "5";
  spec.max.reset();
  EXPECT_EQ(run_one(spec).status, CheckStatus::kError);
  spec.min.reset();
  spec.max = "2";
  EXPECT_EQ(run_one(spec).status, CheckStatus::kError);
}

TEST_P(QualityChecksTest, Freshness) {
  CheckSpec spec = spec_of(CheckType::kFreshness, "events", {"event_time"});
  spec.max_age_hours = 24;
  const CheckResult empty = run_one(spec);
  EXPECT_EQ(empty.status, CheckStatus::kError);
  EXPECT_EQ(empty.observation.message, "the table has no rows");
  db().query("INSERT INTO events VALUES ($1, 1)",
             {format_timestamp(now_utc() - 30 * 3600 * kMicrosPerSecond, false)});
  const CheckResult stale = run_one(spec);
  EXPECT_EQ(stale.status, CheckStatus::kError);
  EXPECT_NEAR(*stale.observation.value, 30, 0.5);
  db().query("INSERT INTO events VALUES ($1, 1)",
             {format_timestamp(now_utc() - 2 * 3600 * kMicrosPerSecond, false)});
  const CheckResult fresh = run_one(spec);
  EXPECT_EQ(fresh.status, CheckStatus::kPass);
  EXPECT_NEAR(*fresh.observation.value, 2, 0.5);
}

TEST_P(QualityChecksTest, VolumeAnomaly) {
  CheckSpec spec = spec_of(CheckType::kVolumeAnomaly, "events", {"event_time"});
  spec.days = 5;
  spec.z_threshold = 3;
  add_events("2023-10-20", 20);  // outside the 5-day window: not compared
  add_events("2023-10-23", 10);
  add_events("2023-10-24", 12);
  add_events("2023-10-25", 11);
  add_events("2023-10-26", 9);
  add_events("2023-10-27", 10);
  add_events("2023-10-28", 11);
  const CheckResult steady = run_one(spec);
  EXPECT_EQ(steady.status, CheckStatus::kPass) << steady.observation.message;
  const auto stats = daily_volume(db(), "events", "event_time", 5);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->day, "2023-10-28");
  EXPECT_EQ(stats->count, 11);
  EXPECT_EQ(stats->history_days, 5);
  EXPECT_DOUBLE_EQ(stats->mean, 10.4);
  add_events("2023-10-29", 40);
  const CheckResult spike = run_one(spec);
  EXPECT_EQ(spike.status, CheckStatus::kError) << spike.observation.message;
  EXPECT_GT(*spike.observation.value, 3);
}

TEST_P(QualityChecksTest, VolumeAnomalyNeedsHistory) {
  CheckSpec spec = spec_of(CheckType::kVolumeAnomaly, "events", {"event_time"});
  add_events("2023-10-23", 5);
  add_events("2023-10-24", 500);
  const CheckResult result = run_one(spec);
  EXPECT_EQ(result.status, CheckStatus::kPass);
  EXPECT_FALSE(result.observation.value);
}

TEST_P(QualityChecksTest, QuarantineRate) {
  CheckSpec spec = spec_of(CheckType::kQuarantineRate, "");
  spec.max_rate = 0.05;
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);  // no run yet
  RunTotals totals;
  totals.records_read = 1000;
  totals.quarantined = 20;
  finish_run(db(), begin_run(db()), totals);
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  totals.quarantined = 100;
  const int64_t bad_run = begin_run(db());
  finish_run(db(), bad_run, totals);
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_DOUBLE_EQ(*failed.observation.value, 0.1);
  // The rate and its limits read in the same unit.
  EXPECT_EQ(failed.observation.value_text, "10.00%");
  EXPECT_EQ(failed.threshold_text, "> 5%");
  spec.warn_if = parse_threshold("> 0.05");
  spec.error_if = parse_threshold("> 0.5");
  EXPECT_EQ(run_one(spec).threshold_text, "error_if > 50%, warn_if > 5%");
  spec.warn_if.reset();
  spec.error_if.reset();
  // A running run without counts: the latest finished one is judged.
  const int64_t running = begin_run(db());
  EXPECT_EQ(run_one(spec, running).status, CheckStatus::kError);
}

TEST_P(QualityChecksTest, SqlCheckUsesLogicalNames) {
  CheckSpec spec = spec_of(CheckType::kSql, "");
  spec.sql = "SELECT * FROM warehouse.fact_sales WHERE revenue_cents <> quantity * unit_price_cents";
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  db().execute(physical_sql(
      db().backend(),
      "INSERT INTO warehouse.fact_sales (date_key, event_time, customer_key, product_key, quantity, "
      "unit_price_cents, revenue_cents, file_id, run_id) VALUES "
      "(20231023, '2023-10-23 00:00:17', 1, 1, 2, 500, 1000, 1, 1), "
      "(20231023, '2023-10-23 00:00:18', 1, 2, 2, 500, 999, 1, 1)"));
  const CheckResult failed = run_one(spec);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.failing_rows, 1);
  CheckSpec keys = spec_of(CheckType::kRelationships, "warehouse.fact_sales", {"customer_key"});
  keys.to_table = "warehouse.dim_customer";
  keys.to_column = "customer_key";
  EXPECT_EQ(run_one(keys).observation.failing_rows, 2);  // no dimension rows yet
}

TEST_P(QualityChecksTest, WarnAndErrorThresholds) {
  db().execute("INSERT INTO items VALUES (10, NULL, 1, 'n1'), (11, NULL, 1, 'n2'), (12, NULL, 1, 'n3')");
  CheckSpec spec = spec_of(CheckType::kNotNull, "items", {"kind"});
  spec.severity = Severity::kWarn;
  EXPECT_EQ(run_one(spec).status, CheckStatus::kWarn);
  spec.warn_if = parse_threshold("> 2");
  spec.error_if = parse_threshold("> 5");
  const CheckResult warn = run_one(spec);
  EXPECT_EQ(warn.status, CheckStatus::kWarn);
  EXPECT_EQ(warn.threshold_text, "error_if > 5, warn_if > 2");
  spec.warn_if = parse_threshold("> 3");
  EXPECT_EQ(run_one(spec).status, CheckStatus::kPass);
  spec.error_if = parse_threshold(">= 3");
  EXPECT_EQ(run_one(spec).status, CheckStatus::kError);
}

TEST_P(QualityChecksTest, MissingTablesAndBrokenQueries) {
  CheckSpec missing = spec_of(CheckType::kRowCount, "warehouse.nothing_here");
  missing.min = "1";
  const CheckResult failed = run_one(missing);
  EXPECT_EQ(failed.status, CheckStatus::kError);
  EXPECT_EQ(failed.observation.message, "table warehouse.nothing_here does not exist");
  missing.skip_if_missing = true;
  EXPECT_EQ(run_one(missing).status, CheckStatus::kSkipped);

  CheckSpec broken = spec_of(CheckType::kSql, "");
  broken.sql = "SELECT no_such_column FROM items";
  CheckSpec fine = spec_of(CheckType::kUnique, "items", {"id"});
  const QualityReport report = run_quality_checks(db(), {broken, fine}, 0);
  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[0].status, CheckStatus::kError);
  EXPECT_FALSE(report.results[0].observation.message.empty());
  EXPECT_EQ(report.results[1].status, CheckStatus::kPass);
}

TEST_P(QualityChecksTest, AColumnTheTableLacksIsABadDefinition) {
  for (CheckType type : {CheckType::kNotNull, CheckType::kUnique, CheckType::kRange,
                         CheckType::kAcceptedValues, CheckType::kRelationships, CheckType::kFreshness}) {
    CheckSpec spec = spec_of(type, "items", {"no_such_col"});
    spec.min = "0";
    spec.values = {"a"};
    spec.to_table = "kinds";
    spec.to_column = "kind";
    try {
      run_quality_checks(db(), {spec}, 0);
      ADD_FAILURE() << check_type_name(type) << " passed on a missing column";
    } catch (const UsageError& error) {
      EXPECT_NE(std::string(error.what()).find("table items has no column 'no_such_col'"), std::string::npos)
          << error.what();
    }
  }
  CheckSpec relationship = spec_of(CheckType::kRelationships, "items", {"kind"});
  relationship.to_table = "kinds";
  relationship.to_column = "no_such_key";
  EXPECT_THROW(run_quality_checks(db(), {relationship}, 0), UsageError);
  relationship.to_column = "kind";
  EXPECT_EQ(run_one(relationship).status, CheckStatus::kPass);
}

TEST_P(QualityChecksTest, ResultsAndSamplesAreRecorded) {
  for (int i = 0; i < 30; ++i)
    db().query("INSERT INTO items VALUES ($1, NULL, 1, 'n')", {std::to_string(100 + i)});
  CheckSpec nulls = spec_of(CheckType::kNotNull, "items", {"kind"});
  CheckSpec ids = spec_of(CheckType::kUnique, "items", {"id"});
  ids.severity = Severity::kWarn;
  const QualityReport first = run_quality_checks(db(), {nulls, ids}, 7);
  EXPECT_EQ(first.errors(), 1);
  EXPECT_EQ(first.warnings(), 0);
  const auto rows = db().query(
      "SELECT result_id, run_id, check_name, check_type, table_name, severity, status, failing_rows, "
      "threshold "
      "FROM quality_results ORDER BY result_id");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0][1], "7");
  EXPECT_EQ(rows.rows[0][2], "not_null_check");
  EXPECT_EQ(rows.rows[0][3], "not_null");
  EXPECT_EQ(rows.rows[0][4], "items");
  EXPECT_EQ(rows.rows[0][5], "error");
  EXPECT_EQ(rows.rows[0][6], "error");
  EXPECT_EQ(rows.rows[0][7], "30");
  EXPECT_EQ(rows.rows[0][8], "> 0 rows");
  EXPECT_EQ(rows.rows[1][6], "pass");
  const auto sample = failure_sample(db(), std::stoll(*rows.rows[0][0]));
  EXPECT_EQ(sample.size(), kFailureSampleSize);
  EXPECT_TRUE(failure_sample(db(), std::stoll(*rows.rows[1][0])).empty());

  const QualityReport second = run_quality_checks(db(), {nulls}, 0);
  const auto batches = recent_quality_batches(db(), 10);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].batch_id, second.batch_id);
  EXPECT_EQ(batches[0].checks, 1);
  EXPECT_EQ(batches[1].checks, 2);
  EXPECT_EQ(batches[1].errors, 1);
}

ECOMFLOW_ON_BOTH_BACKENDS(QualityChecksTest);

TEST(TableNamesTest, LogicalToPhysical) {
  EXPECT_EQ(physical_table_name("sqlite", "warehouse.fact_sales"), "warehouse_fact_sales");
  EXPECT_EQ(physical_table_name("postgresql", "warehouse.fact_sales"), "warehouse.fact_sales");
  EXPECT_EQ(physical_table_name("sqlite", "sales_facts"), "sales_facts");
  EXPECT_EQ(quoted_table("postgresql", "warehouse.fact_sales"), "\"warehouse\".\"fact_sales\"");
  EXPECT_EQ(quoted_table("sqlite", "warehouse.fact_sales"), "\"warehouse_fact_sales\"");
  EXPECT_EQ(
      physical_sql("sqlite",
                   "SELECT f.x FROM warehouse.fact_sales f JOIN staging.events e ON 'warehouse.a' = f.y"),
      "SELECT f.x FROM warehouse_fact_sales f JOIN staging_events e ON 'warehouse.a' = f.y");
  EXPECT_EQ(physical_sql("postgresql", "SELECT * FROM warehouse.fact_sales"),
            "SELECT * FROM warehouse.fact_sales");
  EXPECT_EQ(physical_sql("sqlite", "SELECT * FROM mywarehouse.t"), "SELECT * FROM mywarehouse.t");
}

}  // namespace
}  // namespace ecomflow
