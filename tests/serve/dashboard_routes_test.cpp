#include "serve/dashboard_routes.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <deque>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "serve/dashboard_state.hpp"
#include "serve/http_server.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

// A warehouse small enough to count by hand. The latest event is
// 2024-03-01 12:00:00; sessions 1-3 fall on that day, session 4 weeks before.
//   session 1: view 10:30, cart 10:31, purchase 10:32 (2 × p1 at 10.00)
//   session 2: view 11:30, cart 11:31 (abandoned)
//   session 3: page view 11:45, view 12:00
//   session 4: view, cart, purchase on 2024-02-20 09:00-09:02 (1 × p2 at 5.50)
constexpr const char* kWarehouse = R"SQL(
INSERT INTO warehouse.dim_product (product_key, product_id, product_name, category, price, price_cents, valid_from, valid_to, is_current) VALUES
  (1, 'p1', 'Plain Lamp', 'Home & Garden', 10.00, 1000, '2000-01-01', '9999-12-31', TRUE),
  (2, 'p2', '<script>alert(1)</script>', 'Books', 5.50, 550, '2000-01-01', '9999-12-31', TRUE);
INSERT INTO warehouse.fact_events (date_key, event_time, customer_key, product_key, event_type_key, quantity, session_key, file_id) VALUES
  (20240301, '2024-03-01 10:30:00', 1, 1, 1, 0, 1, 1), (20240301, '2024-03-01 10:31:00', 1, 1, 2, 1, 1, 1),
  (20240301, '2024-03-01 10:32:00', 1, 1, 4, 2, 1, 1),
  (20240301, '2024-03-01 11:30:00', 2, 2, 1, 0, 2, 1), (20240301, '2024-03-01 11:31:00', 2, 2, 2, 1, 2, 1),
  (20240301, '2024-03-01 11:45:00', 3, NULL, 0, 0, 3, 1), (20240301, '2024-03-01 12:00:00', 3, 2, 1, 0, 3, 1),
  (20240220, '2024-02-20 09:00:00', 4, 2, 1, 0, 4, 1), (20240220, '2024-02-20 09:01:00', 4, 2, 2, 1, 4, 1),
  (20240220, '2024-02-20 09:02:00', 4, 2, 4, 1, 4, 1);
INSERT INTO warehouse.fact_sales (date_key, event_time, customer_key, product_key, quantity, unit_price_cents, revenue_cents, file_id, run_id) VALUES
  (20240301, '2024-03-01 10:32:00', 1, 1, 2, 1000, 2000, 1, 1),
  (20240220, '2024-02-20 09:02:00', 4, 2, 1, 550, 550, 1, 1);
INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, records_read, valid, quarantined, duplicates, files_read, files_quarantined, elapsed_seconds, message) VALUES
  (1, '2024-03-01 12:05:00', '2024-03-01 12:06:00', 'ok', 100, 95, 5, 0, 1, 0, 1.5, NULL),
  (2, '2024-03-01 13:05:00', '2024-03-01 13:06:00', 'partial', 100, 85, 15, 0, 2, 1, 2.5, 'one file unreadable');
INSERT INTO quality_results (batch_id, run_id, check_name, check_type, table_name, severity, status, observed, threshold, failing_rows, message, checked_at, duration_ms) VALUES
  (7, 2, 'fact_sales_not_empty', 'row_count', 'warehouse.fact_sales', 'error', 'pass', 2, '>0', 0, NULL, '2024-03-01 13:07:00', 1),
  (7, 2, 'no_<b>_orphans', 'sql', 'warehouse.fact_sales', 'warn', 'warn', 3, '=0', 3, '3 rows <i>orphaned</i>', '2024-03-01 13:07:00', 1);
)SQL";

class DashboardRoutesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
    db().execute(physical(kWarehouse));
    state_ = std::make_shared<DashboardState>(with_database_url(url()), std::chrono::milliseconds(50));
    server_ = std::make_unique<HttpServer>(
        HttpServerOptions{.listen = {.host = "127.0.0.1", .port = 0}, .threads = 8});
    add_dashboard_routes(*server_, state_,
                         {.max_event_streams = 2,
                          .heartbeat = std::chrono::milliseconds(200),
                          .currency = *find_currency("EUR")});
    server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      thread_.join();
    }
  }

  std::string physical(std::string sql) {
    if (GetParam() != "sqlite") return sql;
    return std::regex_replace(sql, std::regex("warehouse\\."), "warehouse_");
  }

  /// GETs `path` and returns the body, expecting `status`.
  std::string get(const std::string& path, int status = 200) {
    const auto result = client_->Get(path);
    EXPECT_TRUE(result) << path;
    if (!result) return "";
    EXPECT_EQ(result->status, status) << path << ": " << result->body;
    return result->body;
  }

  /// The `data` object of a panel.
  simdjson::dom::element panel(const std::string& name, const std::string& range) {
    documents_.push_back(get("/api/dashboard/" + name + "?range=" + range));
    const simdjson::dom::element document = parser_.emplace_back().parse(documents_.back());
    EXPECT_EQ(std::string_view(document["range"]), range);
    return document["data"];
  }

  std::shared_ptr<DashboardState> state_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  std::deque<simdjson::dom::parser> parser_;
  std::deque<std::string> documents_;
};

TEST_P(DashboardRoutesTest, KpisFollowTheRange) {
  struct Expected {
    std::string range;
    int64_t revenue, orders, sessions, converted, carts, abandoned;
  };
  for (const Expected& e : {Expected{"1h", 0, 0, 2, 0, 1, 1}, Expected{"6h", 2000, 1, 3, 1, 2, 1},
                            Expected{"all", 2550, 2, 4, 2, 3, 1}}) {
    SCOPED_TRACE(e.range);
    const simdjson::dom::element k = panel("kpis", e.range);
    EXPECT_EQ(int64_t(k["revenue_cents"]), e.revenue);
    EXPECT_EQ(int64_t(k["orders"]), e.orders);
    EXPECT_EQ(int64_t(k["sessions"]), e.sessions);
    EXPECT_EQ(int64_t(k["converted_sessions"]), e.converted);
    EXPECT_EQ(int64_t(k["cart_sessions"]), e.carts);
    EXPECT_EQ(int64_t(k["abandoned_sessions"]), e.abandoned);
    EXPECT_EQ(int64_t(k["events_last_hour"]), 4);
    EXPECT_NEAR(double(k["quarantine_rate"]), 0.1, 1e-9);
    EXPECT_EQ(std::string_view(k["last_ingest_at"]), "2024-03-01T13:06:00Z");
  }
  const simdjson::dom::element all = panel("kpis", "all");
  EXPECT_EQ(int64_t(all["aov_cents"]), 1275);
  EXPECT_NEAR(double(all["conversion_rate"]), 0.5, 1e-9);
  EXPECT_TRUE(panel("kpis", "1h")["aov_cents"].is_null());
}

TEST_P(DashboardRoutesTest, PanelsCountTheEvents) {
  const simdjson::dom::element minutes = panel("events_per_minute", "1h");
  EXPECT_EQ(int64_t(minutes["bucket_seconds"]), 60);
  int64_t events = 0;
  size_t points = 0;
  for (const auto point : minutes["points"].get_array()) {
    events += int64_t(point.at(1));
    ++points;
  }
  EXPECT_EQ(events, 4);
  EXPECT_EQ(points, 61u);  // 11:00 … 12:00, quiet minutes as zero

  int64_t revenue = 0;
  for (const auto point : panel("revenue_per_hour", "all")["points"].get_array())
    revenue += int64_t(point.at(1));
  EXPECT_EQ(revenue, 2550);

  std::vector<int64_t> funnel;
  for (const auto step : panel("funnel", "all")["steps"].get_array())
    funnel.push_back(int64_t(step["sessions"]));
  EXPECT_EQ(funnel, (std::vector<int64_t>{1, 4, 3, 2}));

  std::map<int64_t, int64_t> hours;
  for (const auto hour : panel("hourly_traffic", "all")["hours"].get_array())
    if (int64_t(hour["events"])) hours[int64_t(hour["hour"])] = int64_t(hour["events"]);
  EXPECT_EQ(hours, (std::map<int64_t, int64_t>{{9, 3}, {10, 3}, {11, 3}, {12, 1}}));

  std::vector<std::string> days;
  for (const auto day : panel("abandonment", "all")["days"].get_array())
    days.push_back(fmt::format("{} {}/{}", std::string_view(day["date"]), int64_t(day["abandoned_sessions"]),
                               int64_t(day["cart_sessions"])));
  EXPECT_EQ(days, (std::vector<std::string>{"2024-02-20 0/1", "2024-03-01 1/2"}));

  const simdjson::dom::array top = panel("top_products", "all")["rows"];
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(std::string_view(top.at(0)["product_id"]), "p1");
  EXPECT_EQ(std::string_view(top.at(1)["product_name"]), "<script>alert(1)</script>");

  const simdjson::dom::element health = panel("pipeline_health", "24h");
  EXPECT_EQ(int64_t(health["runs"].at(0)["run_id"]), 2);
  EXPECT_EQ(std::string_view(health["runs"].at(0)["status"]), "partial");
  EXPECT_EQ(int64_t(health["checks_batch"]), 7);
  ASSERT_EQ(simdjson::dom::array(health["failed_checks"]).size(), 1u);
  EXPECT_EQ(std::string_view(health["failed_checks"].at(0)["check_name"]), "no_<b>_orphans");
}

TEST_P(DashboardRoutesTest, MarkupNeverLeavesAsMarkup) {
  const std::string body = get("/api/dashboard/top_products?range=all");
  EXPECT_EQ(body.find("<script>"), std::string::npos) << body;
  EXPECT_NE(body.find("\\u003cscript\\u003e"), std::string::npos) << body;
  EXPECT_EQ(get("/api/dashboard/pipeline_health").find('<'), std::string::npos);
}

TEST_P(DashboardRoutesTest, BadRequestsAreRefused) {
  get("/api/dashboard/kpis?range=2h", 400);
  get("/api/dashboard/no_such_panel", 404);
  simdjson::dom::parser parser;
  const std::string index = get("/api/dashboard");
  const simdjson::dom::element document = parser.parse(index);
  size_t panels = 0;
  for (const auto path : document["panels"].get_array()) {
    get(std::string(std::string_view(path)) + "?range=7d");
    ++panels;
  }
  EXPECT_EQ(panels, 8u);
  // The page learns the currency to write money in from the index.
  EXPECT_EQ(std::string_view(document["currency"]["code"]), "EUR");
  EXPECT_EQ(std::string_view(document["currency"]["symbol"]), "€");
  EXPECT_EQ(int64_t(document["currency"]["minor_digits"]), 2);
}

TEST_P(DashboardRoutesTest, PageAndHealth) {
  const std::string page = get("/");
  EXPECT_NE(page.find("data-kpi=\"revenue\""), std::string::npos);
  EXPECT_NE(get("/echarts.min.js").find("echarts"), std::string::npos);
  EXPECT_EQ(get("/health"), "{\"status\":\"ok\"}\n");
  EXPECT_NE(get("/ready").find("\"ready\""), std::string::npos);
  // A browser asking for gzip gets the build-time gzip of the script.
  const auto gzipped = client_->Get("/echarts.min.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
}

TEST_P(DashboardRoutesTest, MetricsParseAsPrometheusText) {
  get("/api/dashboard/kpis?range=1h");
  get("/api/dashboard/nothing", 404);
  const std::string text = get("/metrics");
  const std::regex sample(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf)$)");
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("# ", 0) == 0) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    ++samples;
  }
  EXPECT_GT(samples, 20);
  EXPECT_NE(text.find("ecomflow_http_requests_total{route=\"/api/dashboard/"
                      "([A-Za-z0-9_]+)\",method=\"GET\",status=\"200\"} "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ecomflow_http_request_duration_seconds_bucket{route=\"/api/dashboard/"
                      "([A-Za-z0-9_]+)\",le=\"+Inf\"} "),
            std::string::npos);
  EXPECT_NE(text.find("ecomflow_last_run_records_read 100\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ecomflow_failed_checks 1\n"), std::string::npos);
  EXPECT_NE(text.find("ecomflow_database_up 1\n"), std::string::npos);
}

TEST_P(DashboardRoutesTest, ANewRunIsPushedToOpenStreams) {
  const uint64_t first = state_->snapshot()->version;
  std::string received;
  std::thread listener([&] {
    httplib::Client stream("127.0.0.1", server_->port());
    stream.set_read_timeout(10, 0);
    stream.Get("/api/events", [&](const char* data, size_t size) {
      received.append(data, size);
      // The current version at once, then the next one.
      return received.find(fmt::format("\"version\":{}", first + 1)) == std::string::npos;
    });
  });
  // Once the stream is open, a run is recorded.
  for (int i = 0; i < 100 && state_->stats().polls == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  db().execute(
      "INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, records_read, valid, quarantined, "
      "duplicates) "
      "VALUES (3, '2024-03-01 14:00:00', '2024-03-01 14:01:00', 'ok', 50, 50, 0, 0)");
  listener.join();
  EXPECT_NE(received.find(fmt::format("event: version\ndata: {{\"version\":{}}}", first)), std::string::npos)
      << received;
  EXPECT_NE(received.find(fmt::format("data: {{\"version\":{}}}", first + 1)), std::string::npos) << received;
  EXPECT_EQ(int64_t(panel("pipeline_health", "all")["runs"].at(0)["run_id"]), 3);
}

TEST_P(DashboardRoutesTest, AStreamCommitCountsAsIngest) {
  // The columns of `ecomflow stream`'s offsets table that the dashboard reads.
  db().execute(
      "CREATE TABLE IF NOT EXISTS stream_offsets (topic TEXT NOT NULL, consumer_group TEXT NOT NULL, "
      "partition_id INTEGER NOT NULL, next_offset BIGINT NOT NULL, watermark TEXT, consumed BIGINT NOT NULL, "
      "valid BIGINT NOT NULL, quarantined BIGINT NOT NULL, duplicates BIGINT NOT NULL, late BIGINT NOT NULL, "
      "updated_at TEXT NOT NULL)");
  db().execute(
      "INSERT INTO stream_offsets (topic, consumer_group, partition_id, next_offset, watermark, consumed, "
      "valid, "
      "quarantined, duplicates, late, updated_at) VALUES "
      "('events', 'ecomflow', 0, 10, '2024-03-01 12:00:00', 10, 8, 1, 0, 1, '2024-03-02 08:00:00'), "
      "('events', 'ecomflow', 1, 5, '2024-03-01 11:59:00', 5, 5, 0, 0, 0, '2024-03-02 08:00:01')");
  const auto version = [&] { return state_->snapshot()->version; };
  const uint64_t before = version();
  state_->wait_for_change(before, std::chrono::seconds(10));
  ASSERT_GT(version(), before);
  const simdjson::dom::element stream = panel("pipeline_health", "all")["streams"].at(0);
  EXPECT_EQ(int64_t(stream["partitions"]), 2);
  EXPECT_EQ(int64_t(stream["consumed"]), 15);
  EXPECT_EQ(int64_t(stream["late"]), 1);
  EXPECT_EQ(std::string_view(stream["watermark"]), "2024-03-01 11:59:00");
  EXPECT_EQ(std::string_view(panel("kpis", "all")["last_ingest_at"]), "2024-03-02T08:00:01Z");
  const std::string metrics = get("/metrics");
  EXPECT_NE(metrics.find("ecomflow_stream_consumed{topic=\"events\",group=\"ecomflow\"} 15\n"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("ecomflow_stream_late{topic=\"events\",group=\"ecomflow\"} 1\n"), std::string::npos);
  // The next commit moves the offsets: a new version.
  const uint64_t committed = version();
  db().execute("UPDATE stream_offsets SET next_offset = next_offset + 3 WHERE partition_id = 1");
  EXPECT_NE(state_->wait_for_change(committed, std::chrono::seconds(10)), committed);
}

TEST_P(DashboardRoutesTest, StreamsAreCapped) {
  std::atomic<int> open{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> streams;
  for (int i = 0; i < 2; ++i)
    streams.emplace_back([&] {
      httplib::Client stream("127.0.0.1", server_->port());
      bool counted = false;
      stream.Get("/api/events", [&](const char*, size_t) {
        if (!counted) ++open;
        counted = true;
        return !done;
      });
    });
  for (int i = 0; i < 500 && open < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(open, 2);
  get("/api/events", 503);
  done = true;
  for (auto& stream : streams) stream.join();
}

ECOMFLOW_ON_BOTH_BACKENDS(DashboardRoutesTest);

TEST(DashboardReadyTest, NotReadyWhileTheDatabaseIsDown) {
  ECOMFLOW_REQUIRE_POSTGRES();
  auto scratch = std::make_unique<testing::ScratchDatabase>("postgresql");
  migrate(*scratch->database);
  const std::string url = scratch->url;
  auto state = std::make_shared<DashboardState>(with_database_url(url), std::chrono::milliseconds(50));
  HttpServer server(HttpServerOptions{.listen = {.host = "127.0.0.1", .port = 0}, .threads = 4});
  add_dashboard_routes(server, state);
  server.bind();
  std::thread thread([&] { server.run(); });
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_EQ(client.Get("/ready")->status, 200);
  scratch.reset();  // drops the database, ending the poller's connection
  int status = 200;
  for (int i = 0; i < 200 && status == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    status = client.Get("/ready")->status;
  }
  EXPECT_EQ(status, 503);
  EXPECT_NE(client.Get("/metrics")->body.find("ecomflow_database_up 0\n"), std::string::npos);
  EXPECT_EQ(client.Get("/health")->status, 200);
  server.stop();
  thread.join();
}

}  // namespace
}  // namespace ecomflow
