#include "serve/dashboard_queries.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "quality/table_names.hpp"
#include "serve/dashboard_json.hpp"
#include "serve/metrics.hpp"

namespace ecomflow {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;
// Time-series charts stay readable (and their JSON small) below this many points.
constexpr int64_t kMaxPoints = 1500;
constexpr int kTopProducts = 10;
constexpr int kRecentRuns = 10;

// event_type_key values of warehouse.dim_event_type.
constexpr int kPageView = 0;
constexpr int kViewProduct = 1;
constexpr int kAddToCart = 2;
constexpr int kPurchase = 4;

bool is_sqlite(Database& database) { return database.backend() == "sqlite"; }

QueryResult run(Database& database, std::string_view sql, const SqlParams& params = {}) {
  return database.query(physical_sql(database.backend(), sql), params);
}

int64_t integer(const std::optional<std::string>& value) {
  if (!value) return 0;
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return 0;
  }
}

// Whole seconds since the epoch of an event_time column, on either backend.
std::string epoch_seconds(Database& database, std::string_view column) {
  return is_sqlite(database) ? fmt::format("CAST(strftime('%s', {}) AS INTEGER)", column)
                             : fmt::format("CAST(FLOOR(EXTRACT(EPOCH FROM {})) AS BIGINT)", column);
}

int64_t date_key_of(TimestampUs time) {
  const CivilDate date = civil_from_days(day_of(time));
  return int64_t(date.year) * 10000 + date.month * 100 + date.day;
}

std::string date_key_text(int64_t date_key) {
  return fmt::format("{:04}-{:02}-{:02}", date_key / 10000, date_key / 100 % 100, date_key % 100);
}

// The WHERE condition keeping a fact table's rows inside the window, and its
// parameters. date_key narrows the scan to the window's days (it is indexed;
// event_time is not), event_time cuts the exact instant.
struct WindowFilter {
  std::string condition;
  SqlParams params;
};

WindowFilter window_filter(const std::optional<TimestampUs>& from, std::string_view alias = "") {
  if (!from) return {"1 = 1", {}};
  return {fmt::format("{0}date_key >= CAST($1 AS INTEGER) AND {0}event_time > $2", alias),
          {std::to_string(date_key_of(*from)), dashboard_time_text(*from)}};
}

std::optional<TimestampUs> parse_time(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::string value = *text;
  // PostgreSQL prints a UTC TIMESTAMPTZ as `…+00`.
  if (value.size() > 3 && (value[value.size() - 3] == '+' || value[value.size() - 3] == '-')) value += ":00";
  return parse_timestamp(value);
}

// A run-table time as ISO-8601 UTC with `Z`, whichever backend wrote it.
std::string iso_time_or_null(const std::optional<std::string>& text) {
  const auto time = parse_time(text);
  if (!time) return json_string_or_null(text);
  return json_string(format_timestamp(*time - *time % kMicrosPerSecond));
}

// Counts per bucket, with empty buckets between the window's ends filled in
// so a line chart shows quiet minutes as zero.
std::string bucket_points(const DashboardWindow& window, int64_t bucket_seconds,
                          const std::map<int64_t, std::string>& values, std::string_view zero) {
  std::string points = "[";
  if (window.latest_event) {
    const int64_t first_second = (window.from ? *window.from : *window.earliest_event) / kMicrosPerSecond;
    int64_t bucket = first_second / bucket_seconds * bucket_seconds;
    const int64_t last = *window.latest_event / kMicrosPerSecond / bucket_seconds * bucket_seconds;
    for (; bucket <= last; bucket += bucket_seconds) {
      const auto found = values.find(bucket);
      if (points.size() > 1) points += ',';
      points += fmt::format("[{},{}]", json_string(dashboard_time_text(bucket * kMicrosPerSecond)),
                            found == values.end() ? std::string(zero) : found->second);
    }
  }
  return points + "]";
}

int64_t bucket_for(int64_t span_seconds, int64_t smallest) {
  static constexpr std::array<int64_t, 7> kLadder{60, 300, 900, 1800, kHour, 6 * kHour, kDay};
  for (const int64_t bucket : kLadder)
    if (bucket >= smallest && span_seconds / bucket < kMaxPoints) return bucket;
  return kDay * ((span_seconds / kDay) / kMaxPoints + 1);
}

std::string kpis(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  const auto sales =
      run(database,
          fmt::format("SELECT COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(revenue_cents), 0) "
                      "FROM warehouse.fact_sales WHERE {}",
                      filter.condition),
          filter.params);
  const int64_t orders = integer(sales.rows.at(0).at(0));
  const int64_t revenue = integer(sales.rows.at(0).at(2));
  const auto sessions =
      run(database,
          fmt::format("SELECT COUNT(*), COALESCE(SUM(purchased), 0), COALESCE(SUM(carted), 0), "
                      "COALESCE(SUM(CASE WHEN carted = 1 AND purchased = 0 THEN 1 ELSE 0 END), 0) "
                      "FROM (SELECT session_key, "
                      "MAX(CASE WHEN event_type_key = {} THEN 1 ELSE 0 END) AS purchased, "
                      "MAX(CASE WHEN event_type_key = {} THEN 1 ELSE 0 END) AS carted "
                      "FROM warehouse.fact_events WHERE {} GROUP BY session_key) s",
                      kPurchase, kAddToCart, filter.condition),
          filter.params);
  const auto& session_row = sessions.rows.at(0);
  int64_t last_hour = 0;
  if (window.latest_event) {
    const auto hour_filter = window_filter(*window.latest_event - kHour * kMicrosPerSecond);
    last_hour =
        integer(run(database, "SELECT COUNT(*) FROM warehouse.fact_events WHERE " + hour_filter.condition,
                    hour_filter.params)
                    .rows.at(0)
                    .at(0));
  }
  const auto runs = run(database,
                        "SELECT COALESCE(SUM(records_read), 0), COALESCE(SUM(quarantined), 0), "
                        "MAX(CASE WHEN status <> 'failed' THEN finished_at END) FROM pipeline_runs");
  std::optional<std::string> last_ingest = runs.rows.at(0).at(2);
  if (database.table_exists("stream_offsets")) {
    const auto committed = run(database, "SELECT MAX(updated_at) FROM stream_offsets").rows.at(0).at(0);
    const auto run_time = parse_time(last_ingest);
    const auto stream_time = parse_time(committed);
    if (stream_time && (!run_time || *stream_time > *run_time)) last_ingest = committed;
  }
  const int64_t records_read = integer(runs.rows.at(0).at(0));
  const int64_t quarantined = integer(runs.rows.at(0).at(1));
  const int64_t session_count = integer(session_row.at(0));
  const int64_t converted = integer(session_row.at(1));
  const int64_t carts = integer(session_row.at(2));
  const int64_t abandoned = integer(session_row.at(3));
  return fmt::format(
      "{{\"revenue_cents\":{},\"orders\":{},\"units\":{},\"aov_cents\":{},\"sessions\":{},"
      "\"converted_sessions\":{},\"conversion_rate\":{},\"cart_sessions\":{},\"abandoned_sessions\":{},"
      "\"abandonment_rate\":{},\"events_last_hour\":{},\"last_ingest_at\":{},\"records_read\":{},"
      "\"quarantined\":{},\"quarantine_rate\":{}}}",
      revenue, orders, integer(sales.rows.at(0).at(1)), orders ? std::to_string(revenue / orders) : "null",
      session_count, converted, json_ratio(converted, session_count), carts, abandoned,
      json_ratio(abandoned, carts), last_hour, iso_time_or_null(last_ingest), records_read, quarantined,
      json_ratio(quarantined, records_read));
}

std::string events_per_minute(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  const int64_t bucket = window.minute_bucket_seconds;
  const auto rows = run(database,
                        fmt::format("SELECT {0} / {1} * {1} AS bucket, COUNT(*) FROM warehouse.fact_events "
                                    "WHERE {2} GROUP BY 1",
                                    epoch_seconds(database, "event_time"), bucket, filter.condition),
                        filter.params);
  std::map<int64_t, std::string> counts;
  for (const auto& row : rows.rows) counts[integer(row.at(0))] = std::to_string(integer(row.at(1)));
  return fmt::format("{{\"bucket_seconds\":{},\"points\":{}}}", bucket,
                     bucket_points(window, bucket, counts, "0"));
}

std::string revenue_per_hour(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  const int64_t bucket = window.hour_bucket_seconds;
  const auto rows = run(database,
                        fmt::format("SELECT {0} / {1} * {1} AS bucket, SUM(revenue_cents), COUNT(*) "
                                    "FROM warehouse.fact_sales WHERE {2} GROUP BY 1",
                                    epoch_seconds(database, "event_time"), bucket, filter.condition),
                        filter.params);
  std::map<int64_t, std::string> values;
  for (const auto& row : rows.rows)
    values[integer(row.at(0))] = fmt::format("{},{}", integer(row.at(1)), integer(row.at(2)));
  return fmt::format("{{\"bucket_seconds\":{},\"points\":{}}}", bucket,
                     bucket_points(window, bucket, values, "0,0"));
}

std::string funnel(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  const auto rows =
      run(database,
          "SELECT event_type_key, COUNT(*), COUNT(DISTINCT session_key) FROM warehouse.fact_events "
          "WHERE " +
              filter.condition + " GROUP BY event_type_key",
          filter.params);
  std::map<int64_t, std::pair<int64_t, int64_t>> by_type;
  for (const auto& row : rows.rows) by_type[integer(row.at(0))] = {integer(row.at(1)), integer(row.at(2))};
  struct Step {
    int key;
    std::string_view name;
    std::string_view label;
  };
  static constexpr std::array<Step, 4> kSteps{{{kPageView, "page_view", "Page view"},
                                               {kViewProduct, "view_product", "Product view"},
                                               {kAddToCart, "add_to_cart", "Add to cart"},
                                               {kPurchase, "purchase", "Purchase"}}};
  std::string steps;
  for (const Step& step : kSteps) {
    const auto [events, sessions] = by_type[step.key];
    if (!steps.empty()) steps += ',';
    steps += fmt::format("{{\"step\":\"{}\",\"label\":\"{}\",\"events\":{},\"sessions\":{}}}", step.name,
                         step.label, events, sessions);
  }
  return "{\"steps\":[" + steps + "]}";
}

std::string top_products(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from, "f.");
  // Grouped by product id under its current name: a renamed product is one row.
  const auto rows =
      run(database,
          fmt::format("SELECT p.product_id, cur.product_name, cur.category, COUNT(*), SUM(f.quantity), "
                      "SUM(f.revenue_cents) AS revenue FROM warehouse.fact_sales f "
                      "JOIN warehouse.dim_product p ON p.product_key = f.product_key "
                      "JOIN warehouse.dim_product cur ON cur.product_id = p.product_id AND cur.is_current "
                      "WHERE {} GROUP BY p.product_id, cur.product_name, cur.category "
                      "ORDER BY revenue DESC, p.product_id LIMIT {}",
                      filter.condition, kTopProducts),
          filter.params);
  std::string out;
  for (const auto& row : rows.rows) {
    if (!out.empty()) out += ',';
    out += fmt::format(
        "{{\"product_id\":{},\"product_name\":{},\"category\":{},\"orders\":{},\"units\":{},\"revenue_"
        "cents\":{}}}",
        json_string_or_null(row.at(0)), json_string_or_null(row.at(1)), json_string_or_null(row.at(2)),
        integer(row.at(3)), integer(row.at(4)), integer(row.at(5)));
  }
  return "{\"rows\":[" + out + "]}";
}

std::string hourly_traffic(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  const std::string hour = is_sqlite(database) ? "CAST(strftime('%H', event_time) AS INTEGER)"
                                               : "CAST(EXTRACT(HOUR FROM event_time) AS INTEGER)";
  const auto rows =
      run(database,
          fmt::format("SELECT {} AS hour, COUNT(*) FROM warehouse.fact_events WHERE {} GROUP BY 1", hour,
                      filter.condition),
          filter.params);
  std::array<int64_t, 24> counts{};
  for (const auto& row : rows.rows) {
    const int64_t h = integer(row.at(0));
    if (h >= 0 && h < 24) counts[h] = integer(row.at(1));
  }
  std::string out;
  for (int h = 0; h < 24; ++h)
    out += fmt::format("{}{{\"hour\":{},\"events\":{}}}", h ? "," : "", h, counts[h]);
  return "{\"hours\":[" + out + "]}";
}

std::string abandonment(Database& database, const DashboardWindow& window) {
  const auto filter = window_filter(window.from);
  // A session counts on the day it started.
  const auto rows =
      run(database,
          fmt::format("SELECT day, COUNT(*), SUM(CASE WHEN purchased = 0 THEN 1 ELSE 0 END) FROM "
                      "(SELECT session_key, MIN(date_key) AS day, "
                      "MAX(CASE WHEN event_type_key = {} THEN 1 ELSE 0 END) AS purchased, "
                      "MAX(CASE WHEN event_type_key = {} THEN 1 ELSE 0 END) AS carted "
                      "FROM warehouse.fact_events WHERE {} GROUP BY session_key) s "
                      "WHERE carted = 1 GROUP BY day ORDER BY day",
                      kPurchase, kAddToCart, filter.condition),
          filter.params);
  std::string out;
  for (const auto& row : rows.rows) {
    if (!out.empty()) out += ',';
    out +=
        fmt::format("{{\"date\":{},\"cart_sessions\":{},\"abandoned_sessions\":{}}}",
                    json_string(date_key_text(integer(row.at(0)))), integer(row.at(1)), integer(row.at(2)));
  }
  return "{\"days\":[" + out + "]}";
}

std::string pipeline_health(Database& database, const DashboardWindow&) {
  const auto runs =
      run(database, fmt::format("SELECT run_id, started_at, finished_at, status, records_read, quarantined, "
                                "elapsed_seconds, message FROM pipeline_runs ORDER BY run_id DESC LIMIT {}",
                                kRecentRuns));
  std::string run_list;
  for (const auto& row : runs.rows) {
    if (!run_list.empty()) run_list += ',';
    run_list += fmt::format(
        "{{\"run_id\":{},\"started_at\":{},\"finished_at\":{},\"status\":{},\"records_read\":{},"
        "\"quarantined\":{},"
        "\"elapsed_seconds\":{},\"message\":{}}}",
        integer(row.at(0)), iso_time_or_null(row.at(1)), iso_time_or_null(row.at(2)),
        json_string_or_null(row.at(3)), json_number_or_null(row.at(4)), json_number_or_null(row.at(5)),
        json_number_or_null(row.at(6)), json_string_or_null(row.at(7)));
  }
  const auto batch = run(database, "SELECT MAX(batch_id) FROM quality_results").rows.at(0).at(0);
  std::string checks;
  if (batch) {
    const auto failed =
        run(database,
            "SELECT check_name, severity, status, message, checked_at FROM quality_results "
            "WHERE batch_id = CAST($1 AS BIGINT) AND status IN ('warn', 'error') ORDER BY check_name",
            {*batch});
    for (const auto& row : failed.rows) {
      if (!checks.empty()) checks += ',';
      checks += fmt::format(
          "{{\"check_name\":{},\"severity\":{},\"status\":{},\"message\":{},\"checked_at\":{}}}",
          json_string_or_null(row.at(0)), json_string_or_null(row.at(1)), json_string_or_null(row.at(2)),
          json_string_or_null(row.at(3)), iso_time_or_null(row.at(4)));
    }
  }
  std::string streams;
  if (database.table_exists("stream_offsets")) {
    const auto rows = run(
        database,
        "SELECT topic, consumer_group, COUNT(*), SUM(consumed), SUM(late), MIN(watermark), "
        "MAX(updated_at) FROM stream_offsets GROUP BY topic, consumer_group ORDER BY topic, consumer_group");
    for (const auto& row : rows.rows) {
      if (!streams.empty()) streams += ',';
      streams += fmt::format(
          "{{\"topic\":{},\"consumer_group\":{},\"partitions\":{},\"consumed\":{},\"late\":{},\"watermark\":{"
          "},"
          "\"committed_at\":{}}}",
          json_string_or_null(row.at(0)), json_string_or_null(row.at(1)), integer(row.at(2)),
          integer(row.at(3)), integer(row.at(4)), json_string_or_null(row.at(5)),
          iso_time_or_null(row.at(6)));
    }
  }
  return fmt::format("{{\"runs\":[{}],\"checks_batch\":{},\"failed_checks\":[{}],\"streams\":[{}]}}",
                     run_list, batch ? std::to_string(integer(batch)) : "null", checks, streams);
}

}  // namespace

const std::vector<DashboardRange>& dashboard_ranges() {
  static const std::vector<DashboardRange> ranges{
      {"1h", kHour}, {"6h", 6 * kHour}, {"24h", kDay}, {"7d", 7 * kDay}, {"all", 0}};
  return ranges;
}

const DashboardRange* find_dashboard_range(std::string_view name) {
  for (const auto& range : dashboard_ranges())
    if (range.name == name) return &range;
  return nullptr;
}

DashboardWindow dashboard_window(Database& database, const DashboardRange& range) {
  DashboardWindow window;
  const auto bounds = run(database, "SELECT MIN(event_time), MAX(event_time) FROM warehouse.fact_events");
  window.earliest_event = parse_time(bounds.rows.at(0).at(0));
  window.latest_event = parse_time(bounds.rows.at(0).at(1));
  if (!window.latest_event || !window.earliest_event) return window;
  int64_t span = (*window.latest_event - *window.earliest_event) / kMicrosPerSecond;
  if (range.seconds > 0) {
    window.from = *window.latest_event - range.seconds * kMicrosPerSecond;
    span = range.seconds;
  }
  window.minute_bucket_seconds = bucket_for(span, 60);
  window.hour_bucket_seconds = bucket_for(span, kHour);
  return window;
}

std::string dashboard_fingerprint(Database& database) {
  const auto runs = run(
      database,
      "SELECT COALESCE(MAX(run_id), 0), COUNT(finished_at), COALESCE(CAST(MAX(finished_at) AS TEXT), ''), "
      "COALESCE(SUM(records_read), 0) FROM pipeline_runs");
  const auto checks = run(database, "SELECT COALESCE(MAX(batch_id), 0) FROM quality_results");
  const auto& row = runs.rows.at(0);
  // A run's counts arrive with its load's commit, before it finishes.
  std::string fingerprint =
      fmt::format("{}/{}/{}/{}/{}", row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or(""),
                  row.at(3).value_or(""), checks.rows.at(0).at(0).value_or(""));
  // A stream commits its rows and offsets together: the offsets move with every commit.
  if (database.table_exists("stream_offsets")) {
    const auto offsets = run(database,
                             "SELECT COALESCE(SUM(next_offset), 0), COALESCE(CAST(MAX(updated_at) AS TEXT), "
                             "'') FROM stream_offsets");
    fingerprint +=
        fmt::format("/{}/{}", offsets.rows.at(0).at(0).value_or(""), offsets.rows.at(0).at(1).value_or(""));
  }
  return fingerprint;
}

std::string dashboard_pipeline_metrics(Database& database) {
  std::string out;
  const auto last =
      run(database,
          "SELECT run_id, records_read, valid, quarantined, duplicates, files_read, files_quarantined, "
          "elapsed_seconds, finished_at, status FROM pipeline_runs WHERE finished_at IS NOT NULL "
          "ORDER BY run_id DESC LIMIT 1");
  if (!last.rows.empty()) {
    const auto& row = last.rows.front();
    static constexpr std::array<std::pair<std::string_view, size_t>, 7> kCounts{{{"run_id", 0},
                                                                                 {"records_read", 1},
                                                                                 {"valid_records", 2},
                                                                                 {"quarantined_records", 3},
                                                                                 {"duplicate_records", 4},
                                                                                 {"files_read", 5},
                                                                                 {"files_quarantined", 6}}};
    for (const auto& [name, column] : kCounts)
      out += fmt::format("# TYPE ecomflow_last_run_{0} gauge\necomflow_last_run_{0} {1}\n", name,
                         integer(row.at(column)));
    const std::string elapsed = json_number_or_null(row.at(7));
    out += fmt::format(
        "# TYPE ecomflow_last_run_duration_seconds gauge\necomflow_last_run_duration_seconds {}\n",
        elapsed == "null" ? "NaN" : elapsed);
    if (const auto finished = parse_time(row.at(8)))
      out += fmt::format(
          "# TYPE ecomflow_last_run_finished_timestamp_seconds gauge\n"
          "ecomflow_last_run_finished_timestamp_seconds {}\n",
          *finished / kMicrosPerSecond);
  }
  const auto by_status =
      run(database, "SELECT status, COUNT(*) FROM pipeline_runs GROUP BY status ORDER BY status");
  out += "# TYPE ecomflow_runs gauge\n";
  for (const auto& row : by_status.rows)
    out += fmt::format("ecomflow_runs{{status={}}} {}\n", json_string(row.at(0).value_or("")),
                       integer(row.at(1)));
  const auto failed = run(database,
                          "SELECT COUNT(*) FROM quality_results WHERE status IN ('warn', 'error') "
                          "AND batch_id = (SELECT MAX(batch_id) FROM quality_results)");
  out += fmt::format("# TYPE ecomflow_failed_checks gauge\necomflow_failed_checks {}\n",
                     integer(failed.rows.at(0).at(0)));
  if (database.table_exists("stream_offsets")) {
    // What each stream has committed, summed over its partitions.
    const auto streams = run(database,
                             "SELECT topic, consumer_group, SUM(next_offset), SUM(consumed), SUM(valid), "
                             "SUM(quarantined), SUM(duplicates), SUM(late) FROM stream_offsets "
                             "GROUP BY topic, consumer_group ORDER BY topic, consumer_group");
    static constexpr std::array<std::string_view, 6> kFigures{"committed_offsets", "consumed",   "valid",
                                                              "quarantined",       "duplicates", "late"};
    for (size_t figure = 0; figure < kFigures.size(); ++figure) {
      out += fmt::format("# TYPE ecomflow_stream_{} gauge\n", kFigures[figure]);
      for (const auto& row : streams.rows)
        out += fmt::format("ecomflow_stream_{}{{topic=\"{}\",group=\"{}\"}} {}\n", kFigures[figure],
                           prometheus_label(row.at(0).value_or("")), prometheus_label(row.at(1).value_or("")),
                           integer(row.at(2 + figure)));
    }
  }
  return out;
}

const std::vector<DashboardPanel>& dashboard_panels() {
  static const std::vector<DashboardPanel> panels{
      {"kpis", kpis},
      {"events_per_minute", events_per_minute},
      {"revenue_per_hour", revenue_per_hour},
      {"funnel", funnel},
      {"top_products", top_products},
      {"hourly_traffic", hourly_traffic},
      {"abandonment", abandonment},
      {"pipeline_health", pipeline_health},
  };
  return panels;
}

const DashboardPanel* find_dashboard_panel(std::string_view name) {
  for (const auto& panel : dashboard_panels())
    if (panel.name == name) return &panel;
  return nullptr;
}

std::string dashboard_time_text(TimestampUs time) {
  std::string text =
      format_timestamp(time - ((time % kMicrosPerSecond) + kMicrosPerSecond) % kMicrosPerSecond, false);
  if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
  return text;
}

}  // namespace ecomflow
