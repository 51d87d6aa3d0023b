#include "store/warehouse_load.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "core/error.hpp"
#include "store/fact_indexes.hpp"
#include "store/warehouse_dimensions.hpp"
#include "store/warehouse_fact_rows.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"
#include "store/warehouse_stage_runs.hpp"

namespace ecomflow {
namespace {

/// File ids per DELETE statement: keeps statements short on huge refreshes.
constexpr size_t kFileIdsPerDelete = 500;

/// Pulls FactEvents one at a time out of the caller's batches.
class FactStream {
 public:
  explicit FactStream(const FactEventSource& source) : source_(source) {}

  const FactEvent* next() {
    while (position_ == batch_.size()) {
      if (exhausted_) return nullptr;
      batch_.clear();
      position_ = 0;
      exhausted_ = !source_.next(batch_);
    }
    return &batch_[position_++];
  }

 private:
  const FactEventSource& source_;
  std::vector<FactEvent> batch_;
  size_t position_ = 0;
  bool exhausted_ = false;
};

/// The latest event time in the facts, the default moment catalog changes take effect.
std::optional<TimestampUs> fact_watermark(Database& database) {
  std::optional<TimestampUs> latest;
  for (const char* table : {"warehouse.fact_sales", "warehouse.fact_events"}) {
    // Through the date index: the latest day first, then its latest event,
    // rather than a scan of every event_time.
    const auto result = database.query(
        warehouse_sql(database, fmt::format("SELECT CAST(MAX(event_time) AS TEXT) FROM {0} WHERE date_key = "
                                            "(SELECT MAX(date_key) FROM {0})",
                                            table)));
    if (result.rows.empty() || !result.rows[0][0]) continue;
    const auto time = parse_timestamp(*result.rows[0][0]);
    if (time && (!latest || *time > *latest)) latest = time;
  }
  return latest;
}

/// Keeps this run's catalog as landed (staging) and as current (production).
void snapshot_catalog(Database& database, const Catalog& catalog, int64_t run_id) {
  const std::string run = std::to_string(run_id);
  database.query(warehouse_sql(database, "DELETE FROM staging.catalog_customers WHERE run_id = $1"), {run});
  database.query(warehouse_sql(database, "DELETE FROM staging.catalog_products WHERE run_id = $1"), {run});
  database.execute(
      warehouse_sql(database, "DELETE FROM production.customers; DELETE FROM production.products"));
  for (const bool staging : {true, false}) {
    size_t next = 0;
    const auto& customers = catalog.customers();
    database.bulk_insert(
        warehouse_sql(database, staging ? "staging.catalog_customers" : "production.customers"),
        {staging ? "run_id" : "updated_run_id", "customer_id", "join_date", "segment"},
        [&](std::vector<std::optional<std::string>>& row) {
          if (next == customers.size()) return false;
          const Customer& customer = customers[next++];
          row = {run, customer.id, format_date(customer.join_date), customer.segment};
          return true;
        });
    next = 0;
    const auto& products = catalog.products();
    std::vector<std::string> columns{
        staging ? "run_id" : "updated_run_id", "product_id", "product_name", "category", "price", "stock"};
    if (!staging) columns.push_back("price_cents");
    database.bulk_insert(
        warehouse_sql(database, staging ? "staging.catalog_products" : "production.products"), columns,
        [&](std::vector<std::optional<std::string>>& row) {
          if (next == products.size()) return false;
          const Product& product = products[next++];
          row = {run,
                 product.id,
                 product.name,
                 product.category,
                 format_cents(product.price),
                 std::to_string(product.stock)};
          if (!staging) row.push_back(std::to_string(product.price));
          return true;
        });
  }
}

int64_t count_rows(Database& database, const std::string& sql) {
  const auto result = database.query(warehouse_sql(database, sql));
  return std::stoll(result.rows.at(0).at(0).value_or("0"));
}

int64_t delete_replaced_facts(Database& database, bool full_refresh, const std::vector<int64_t>& file_ids) {
  constexpr std::array<const char*, 4> kTables{"warehouse.fact_sales", "warehouse.fact_events",
                                               "warehouse.fact_product_activity", "staging.events"};
  int64_t deleted = 0;
  if (full_refresh) {
    deleted = count_rows(database,
                         "SELECT (SELECT COUNT(*) FROM warehouse.fact_sales) + "
                         "(SELECT COUNT(*) FROM warehouse.fact_events)");
    // TRUNCATE is transactional on PostgreSQL and far cheaper than DELETE on millions of rows.
    const char* verb = database.backend() == "postgresql" ? "TRUNCATE" : "DELETE FROM";
    for (const char* table : kTables)
      database.execute(warehouse_sql(database, fmt::format("{} {}", verb, table)));
    return deleted;
  }
  for (size_t start = 0; start < file_ids.size(); start += kFileIdsPerDelete) {
    const size_t end = std::min(file_ids.size(), start + kFileIdsPerDelete);
    const std::string ids =
        fmt::format("{}", fmt::join(file_ids.begin() + long(start), file_ids.begin() + long(end), ", "));
    deleted += count_rows(
        database, fmt::format("SELECT (SELECT COUNT(*) FROM warehouse.fact_sales WHERE file_id IN ({0}))"
                              " + (SELECT COUNT(*) FROM warehouse.fact_events WHERE file_id IN ({0}))",
                              ids));
    for (const char* table : kTables)
      database.execute(
          warehouse_sql(database, fmt::format("DELETE FROM {} WHERE file_id IN ({})", table, ids)));
  }
  return deleted;
}

/// Streams the source into fact_events (when enabled), noting the days it
/// covers, and writes the views and cart adds among them to fact_product_activity.
void load_fact_events(Database& database, const DimensionKeys& keys, const FactEventSource& source,
                      bool load_events, DayTracker& days, int64_t& events_loaded) {
  FactStream stream(source);
  if (!load_events) {
    while (const FactEvent* fact = stream.next()) days.date_key(day_of(fact->event.time));
    return;
  }
  const NextFact next = [&] { return stream.next(); };
  events_loaded = write_fact_events(database, keys, next, days);
}

/// Streams the source's purchases (a second pass) into fact_sales.
int64_t load_fact_sales(Database& database, const DimensionKeys& keys, const FactEventSource& source,
                        int64_t run_id) {
  source.rewind();
  FactStream stream(source);
  const NextFact next = [&] { return stream.next(); };
  return write_fact_sales(database, keys, next, run_id);
}

/// Adds the missing calendar days between the first and last day of every
/// fact, so daily series have no gaps. Returns the days added.
int64_t extend_dim_date(Database& database, const DayTracker& days) {
  if (days.empty()) return 0;
  lock_dim_date(database);  // a stream consumer may be adding days too
  std::set<int32_t> existing;
  for (const auto& row :
       database.query(warehouse_sql(database, "SELECT date_key FROM warehouse.dim_date")).rows)
    existing.insert(int32_t(std::stoll(row[0].value_or("0"))));
  DayNumber first = days.first();
  DayNumber last = days.last();
  if (!existing.empty()) {
    const auto to_day = [](int32_t key) {
      return days_from_civil(key / 10000, unsigned(key / 100 % 100), unsigned(key % 100));
    };
    first = std::min(first, to_day(*existing.begin()));
    last = std::max(last, to_day(*existing.rbegin()));
  }
  return write_dim_dates(database, first, last, existing);
}

/// PostgreSQL's BRIN indexes treat block ranges written since the last
/// summary as matching everything; summarize them now rather than waiting
/// for autovacuum, so the next file replacement or date filter is selective.
void summarize_block_ranges(Database& database) {
  if (database.backend() != "postgresql") return;
  database.query(
      "SELECT brin_summarize_new_values('warehouse.fact_events_file'::regclass), "
      "brin_summarize_new_values('warehouse.fact_events_date'::regclass), "
      "brin_summarize_new_values('staging.staging_events_file'::regclass)");
}

/// Logs (at debug) the time each step of a load takes: the load's profile.
class StepTimer {
 public:
  void done(const char* step) {
    const auto now = std::chrono::steady_clock::now();
    spdlog::debug("warehouse {}: {:.3f} s", step, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

/// Drops the fact tables' secondary indexes when the load is large next to
/// what they hold; the caller builds them again once the facts are in.
std::vector<SetAsideIndexes> set_aside_fact_indexes(Database& database, const WarehouseOptions& options) {
  std::vector<SetAsideIndexes> set_aside;
  if (!options.expected_events) return set_aside;
  const char* facts = options.load_fact_events ? "warehouse.fact_events" : "warehouse.fact_sales";
  // fact_sales holds the purchases among the events: it follows the
  // decision taken for fact_events, or is weighed against the events itself.
  // Counting the stored rows reads a whole index: only done when it can matter.
  if (!is_large_load(*options.expected_events, 0)) return set_aside;
  const int64_t stored = table_rows(database, facts);
  if (!is_large_load(*options.expected_events, stored)) return set_aside;
  if (options.load_fact_events) set_aside.emplace_back(database, "warehouse.fact_events");
  set_aside.emplace_back(database, "warehouse.fact_sales");
  size_t dropped = 0;
  for (const SetAsideIndexes& indexes : set_aside) dropped += indexes.names().size();
  spdlog::debug("warehouse: {} events onto {} stored rows: {} fact indexes set aside until the load ends",
                *options.expected_events, stored, dropped);
  return set_aside;
}

/// SQLite's page cache for the load: the default 2 MB makes a large
/// transaction spill pages to the log and read them back while it inserts.
void size_page_cache_for_load(Database& database) {
  if (database.backend() == "sqlite") database.execute("PRAGMA cache_size = -65536");
}

/// After a large load PostgreSQL's statistics still describe the tables as
/// they were (empty, on a first run), and the aggregates' joins get plans
/// for a handful of rows; autovacuum would only catch up after the commit.
/// The aggregates read fact_sales and fact_product_activity, never the
/// events, so sampling fact_events would only cost time.
void refresh_planner_statistics(Database& database) {
  if (database.backend() != "postgresql") return;
  database.execute(
      "ANALYZE warehouse.fact_sales, warehouse.fact_product_activity, warehouse.dim_customer, "
      "warehouse.dim_product, warehouse.dim_date");
}

}  // namespace

WarehouseLoadResult load_warehouse(Database& database, const Catalog& catalog, int64_t run_id,
                                   bool full_refresh, const std::vector<int64_t>& replaced_file_ids,
                                   const FactEventSource& source, const WarehouseOptions& options) {
  const TimestampUs started_at = now_utc();
  const auto started = std::chrono::steady_clock::now();
  WarehouseLoadResult result;
  // Taken before any delete: the facts loaded so far define "before the change".
  TimestampUs effective = kValidSinceEver;
  if (options.changes_effective_at)
    effective = *options.changes_effective_at;
  else if (const auto watermark = fact_watermark(database))
    effective = *watermark + 1;

  size_page_cache_for_load(database);
  StepTimer timer;
  const DimensionChanges changes = sync_dimensions(database, catalog, effective);
  result.customers_added = changes.customers_added;
  result.customer_versions_added = changes.customer_versions_added;
  result.products_added = changes.products_added;
  result.product_versions_added = changes.product_versions_added;
  snapshot_catalog(database, catalog, run_id);
  const DimensionKeys keys = read_dimension_keys(database, catalog);
  timer.done("dimensions");

  result.facts_deleted = delete_replaced_facts(database, full_refresh, replaced_file_ids);
  timer.done("delete replaced facts");
  std::vector<SetAsideIndexes> set_aside = set_aside_fact_indexes(database, options);
  timer.done("set indexes aside");
  DayTracker days;
  const auto events_started = std::chrono::steady_clock::now();
  load_fact_events(database, keys, source, options.load_fact_events, days, result.fact_events);
  result.fact_events_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - events_started).count();
  timer.done("fact_events");
  result.fact_sales = load_fact_sales(database, keys, source, run_id);
  timer.done("fact_sales");
  for (SetAsideIndexes& indexes : set_aside) {
    result.indexes_rebuilt += int64_t(indexes.names().size());
    indexes.rebuild();
  }
  timer.done("build indexes");
  result.dates_added = extend_dim_date(database, days);
  summarize_block_ranges(database);
  timer.done("summarize block ranges");
  if (!set_aside.empty()) refresh_planner_statistics(database);
  timer.done("statistics");
  // Facts only added: the days they fall on are the only daily sums that move.
  if (!full_refresh && result.facts_deleted == 0 && !replaced_file_ids.empty())
    refresh_aggregates(database, replaced_file_ids, changes.any());
  else
    rebuild_aggregates(database);
  timer.done("aggregates");

  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  StageRun stage{run_id, "warehouse", "ok"};
  stage.rows_in = options.load_fact_events ? result.fact_events : result.fact_sales;
  stage.rows_out = result.fact_sales + result.fact_events;
  stage.started_at = started_at;
  stage.duration_seconds = result.seconds;
  record_stage_run(database, stage);
  return result;
}

int64_t delete_facts_between(Database& database, DayNumber from, DayNumber to) {
  const SqlParams range{std::to_string(date_key_of(from)), std::to_string(date_key_of(to))};
  int64_t deleted = 0;
  for (const char* table : {"warehouse.fact_sales", "warehouse.fact_events"}) {
    deleted +=
        std::stoll(database
                       .query(warehouse_sql(database, fmt::format("SELECT COUNT(*) FROM {} WHERE date_key "
                                                                  "BETWEEN $1 AND $2",
                                                                  table)),
                              range)
                       .rows.at(0)
                       .at(0)
                       .value_or("0"));
    database.query(
        warehouse_sql(database, fmt::format("DELETE FROM {} WHERE date_key BETWEEN $1 AND $2", table)),
        range);
  }
  database.query(
      warehouse_sql(database, "DELETE FROM warehouse.fact_product_activity WHERE date_key BETWEEN $1 AND $2"),
      range);
  rebuild_aggregates(database);
  return deleted;
}

int64_t load_staging_events(Database& database, int64_t run_id, const StagingEventSource& source) {
  std::vector<StagingEvent> batch;
  size_t position = 0;
  bool exhausted = false;
  return database.bulk_insert(
      warehouse_sql(database, "staging.events"),
      {"run_id", "file_id", "source_entry", "record_index", "timestamp", "customer_id", "event_type",
       "product_id", "quantity", "session_id", "event_id"},
      [&](std::vector<std::optional<std::string>>& row) {
        while (position == batch.size()) {
          if (exhausted) return false;
          batch.clear();
          position = 0;
          exhausted = !source(batch);
        }
        StagingEvent& event = batch[position++];
        set_integer(row[0], run_id);
        set_integer(row[1], event.file_id);
        row[2] = std::move(event.source_entry);
        set_integer(row[3], event.record_index);
        row[4] = std::move(event.timestamp);
        row[5] = std::move(event.customer_id);
        row[6] = std::move(event.event_type);
        row[7] = std::move(event.product_id);
        row[8] = std::move(event.quantity);
        row[9] = std::move(event.session_id);
        row[10] = std::move(event.event_id);
        return true;
      });
}

}  // namespace ecomflow
