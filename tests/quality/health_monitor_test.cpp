#include "quality/health_monitor.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "quality/quality_checks.hpp"
#include "quality/table_metrics.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

const HealthComponent& part(const HealthReport& report, const std::string& name) {
  for (const HealthComponent& component : report.components)
    if (component.name == name) return component;
  ADD_FAILURE() << "no component " << name;
  static const HealthComponent none;
  return none;
}

/// A loopback port nothing listens on: bound, then closed.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

class HealthMonitorTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!IsSkipped()) migrate(db());
  }
  std::string hours_ago(double hours) { return format_timestamp(now_utc() - int64_t(hours * 3600e6)); }
  /// A finished run `hours` ago with purchases up to `hours` ago.
  void add_run(double hours, const std::string& status = "ok") {
    db().query(
        "INSERT INTO pipeline_runs (started_at, finished_at, status, records_read, valid, quarantined) "
        "VALUES ($1, $1, $2, 100, 100, 0)",
        {hours_ago(hours), status});
  }
  void add_facts(const std::string& day, int count) {
    std::vector<SalesFactRow> rows;
    const TimestampUs start = *parse_timestamp(day + "T00:00:00");
    for (int i = 0; i < count; ++i) rows.push_back({start + i * kMicrosPerSecond, "c001", "p001", 1, 100});
    insert_sales_facts(db(), 1, rows);
  }
};

TEST_P(HealthMonitorTest, FreshRunAndDataAreHealthy) {
  add_run(1);
  insert_sales_facts(db(), 1, {{now_utc() - 3600 * kMicrosPerSecond, "c001", "p001", 1, 100}});
  const HealthReport report = assess_health(url(), {});
  EXPECT_EQ(report.level, HealthLevel::kHealthy) << health_report_json(report);
  EXPECT_EQ(report.score, 100);
  ASSERT_TRUE(report.latency_ms);
  EXPECT_EQ(part(report, "database").level, HealthLevel::kHealthy);
  EXPECT_EQ(part(report, "last_run").level, HealthLevel::kHealthy);
  EXPECT_TRUE(report.alerts().empty());
}

TEST_P(HealthMonitorTest, StaleRunIsCritical) {
  add_run(30);
  insert_sales_facts(db(), 1, {{now_utc() - 3600 * kMicrosPerSecond, "c001", "p001", 1, 100}});
  HealthReport report = assess_health(url(), {});
  EXPECT_EQ(report.level, HealthLevel::kCritical);
  EXPECT_EQ(part(report, "last_run").level, HealthLevel::kCritical);
  EXPECT_NE(part(report, "last_run").message.find("limit 25 h"), std::string::npos);
  MonitorOptions relaxed;
  relaxed.max_run_age_hours = 48;
  report = assess_health(url(), relaxed);
  EXPECT_EQ(report.level, HealthLevel::kHealthy) << health_report_json(report);
}

TEST_P(HealthMonitorTest, NoRunFailedRunAndPartialRun) {
  EXPECT_EQ(part(assess_health(url(), {}), "last_run").level, HealthLevel::kCritical);
  add_run(1, "partial");
  EXPECT_EQ(part(assess_health(url(), {}), "last_run").level, HealthLevel::kDegraded);
  add_run(1, "failed");
  EXPECT_EQ(part(assess_health(url(), {}), "last_run").level, HealthLevel::kCritical);
}

TEST_P(HealthMonitorTest, StaleDataIsDegraded) {
  add_run(1);
  add_facts("2023-10-23", 3);
  const HealthReport report = assess_health(url(), {});
  EXPECT_EQ(report.level, HealthLevel::kDegraded);
  EXPECT_EQ(report.score, 85);
  EXPECT_EQ(part(report, "freshness").level, HealthLevel::kDegraded);
  ASSERT_EQ(report.alerts().size(), 1u);
  EXPECT_NE(report.alerts()[0].find("degraded freshness"), std::string::npos);
}

TEST_P(HealthMonitorTest, VolumeSpikeIsDegraded) {
  add_run(1);
  for (const char* day : {"2023-10-23", "2023-10-24", "2023-10-25", "2023-10-26", "2023-10-27"})
    add_facts(day, 20);
  add_facts("2023-10-28", 21);
  MonitorOptions options;
  options.freshness_hours = 1e9;  // the data is old on purpose; only volume is judged here
  EXPECT_EQ(part(assess_health(url(), options), "volume").level, HealthLevel::kHealthy);
  add_facts("2023-10-29", 90);
  const HealthReport report = assess_health(url(), options);
  EXPECT_EQ(part(report, "volume").level, HealthLevel::kDegraded);
  EXPECT_NE(part(report, "volume").message.find("spike: 90 rows on 2023-10-29"), std::string::npos);
  EXPECT_EQ(report.level, HealthLevel::kDegraded);
}

TEST_P(HealthMonitorTest, GrowingQualityFailuresAreDegraded) {
  add_run(1);
  insert_sales_facts(db(), 1, {{now_utc() - 3600 * kMicrosPerSecond, "c001", "p001", 1, 100}});
  db().execute("CREATE TABLE things (id INTEGER)");
  CheckSpec nulls;
  nulls.name = "things_not_null";
  nulls.type = CheckType::kNotNull;
  nulls.severity = Severity::kWarn;
  nulls.table = "things";
  nulls.columns = {"id"};
  CheckSpec second = nulls;
  second.name = "things_unique";
  second.type = CheckType::kUnique;
  run_quality_checks(db(), {nulls, second}, 0);
  EXPECT_EQ(part(assess_health(url(), {}), "quality_trend").level, HealthLevel::kHealthy);
  db().execute("INSERT INTO things VALUES (NULL)");
  run_quality_checks(db(), {nulls, second}, 0);
  db().execute("INSERT INTO things VALUES (1), (1)");
  run_quality_checks(db(), {nulls, second}, 0);
  const HealthComponent trend = part(assess_health(url(), {}), "quality_trend");
  EXPECT_EQ(trend.level, HealthLevel::kDegraded);
  EXPECT_EQ(trend.value, "failures 0 -> 1 -> 2");
  db().execute("DELETE FROM things");
  run_quality_checks(db(), {nulls, second}, 0);
  EXPECT_EQ(part(assess_health(url(), {}), "quality_trend").level, HealthLevel::kHealthy);
  nulls.severity = Severity::kError;
  db().execute("INSERT INTO things VALUES (NULL)");
  run_quality_checks(db(), {nulls}, 0);
  EXPECT_EQ(part(assess_health(url(), {}), "quality_trend").level, HealthLevel::kDegraded);
}

ECOMFLOW_ON_BOTH_BACKENDS(HealthMonitorTest);

TEST(HealthMonitorDownTest, UnreachableDatabaseIsCriticalNotACrash) {
  const std::string url = "postgresql://shop:hunter2@127.0.0.1:" + std::to_string(closed_port()) + "/shop";
  const HealthReport report = assess_health(url, {});
  EXPECT_EQ(report.level, HealthLevel::kCritical);
  EXPECT_EQ(report.score, 0);
  EXPECT_FALSE(report.latency_ms);
  ASSERT_EQ(report.components.size(), 1u);
  EXPECT_EQ(report.components[0].name, "database");
  EXPECT_NE(report.components[0].message.find("cannot connect"), std::string::npos);
  const std::string json = health_report_json(report);
  EXPECT_EQ(json.find("hunter2"), std::string::npos);
  EXPECT_NE(json.find("\"status\": \"critical\""), std::string::npos);
  EXPECT_NE(json.find("\"latency_ms\": null"), std::string::npos);
}

}  // namespace
}  // namespace ecomflow
