#include "stream/stream_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <tuple>

#include "core/error.hpp"
#include "store/ledger_store.hpp"
#include "store/stream_facts.hpp"
#include "store/warehouse_fact_rows.hpp"
#include "store/warehouse_load.hpp"
#include "store/warehouse_row_text.hpp"

namespace ecomflow {
namespace {

/// The shortest time between two rebuilds of the agg_* tables while streaming.
constexpr double kAggregateIntervalSeconds = 30;

std::optional<std::string> time_text(const std::optional<TimestampUs>& time) {
  if (!time) return std::nullopt;
  TimestampText text;
  return text.format(*time);
}

int64_t to_integer(const std::optional<std::string>& text) { return text ? std::stoll(*text) : 0; }

SqlParams key_params(const StreamIdentity& stream, int32_t partition) {
  return {stream.topic, stream.group, std::to_string(partition)};
}

/// Refuses the commit when another consumer has moved a partition on.
void check_expected_offsets(Database& database, const StreamIdentity& stream,
                            const std::vector<PartitionCommit>& partitions) {
  const std::string lock = database.backend() == "postgresql" ? " FOR UPDATE" : "";
  for (const PartitionCommit& partition : partitions) {
    const QueryResult stored = database.query(
        "SELECT next_offset FROM stream_offsets WHERE topic = $1 AND consumer_group = $2 AND partition_id = "
        "$3" +
            lock,
        key_params(stream, partition.partition));
    const int64_t offset = stored.rows.empty() ? 0 : to_integer(stored.rows[0][0]);
    if (offset != partition.expected_offset) {
      throw OffsetConflict(fmt::format(
          "partition {} of {} is stored at offset {}, not {}: another consumer of group '{}' has written it",
          partition.partition, stream.topic, offset, partition.expected_offset, stream.group));
    }
  }
}

/// The quarantined records of the commit, and its valid events into the
/// warehouse (fact_events, fact_sales, dimensions, aggregates) and the
/// ledger's sales facts, each partition's rows under its own ledger file.
/// Updates `next` with what the load learnt about the warehouse.
void load_facts(Database& database, const StreamIdentity& stream, const Catalog& catalog, int64_t run_id,
                const std::vector<PartitionCommit>& partitions, StreamWarehouse& next) {
  std::vector<int64_t> file_ids;
  std::vector<FactEvent> facts;
  for (const PartitionCommit& partition : partitions) {
    file_ids.push_back(record_file(database, run_id, partition_source_name(stream.topic, partition.partition),
                                   0, "group:" + stream.group, partition.next_offset));
    for (const Event& event : partition.changes.events) facts.push_back({event, file_ids.back()});
  }
  for (size_t i = 0; i < partitions.size(); ++i)
    if (!partitions[i].changes.quarantined.empty())
      insert_quarantine(database, run_id, file_ids[i], partitions[i].changes.quarantined);
  if (facts.empty()) return;

  if (next.keys) {
    // Days the facts need and dim_date lacks (it holds one contiguous range,
    // which only grows, so a day this process saw there is there still).
    DayNumber first = day_of(facts.front().event.time), last = first;
    for (const FactEvent& fact : facts) {
      const DayNumber day = day_of(fact.event.time);
      first = std::min(first, day);
      last = std::max(last, day);
    }
    if (first < next.first_day || last > next.last_day) {
      // Another consumer of the group may have added days since this one
      // last looked: read the range again, with other writers of dim_date
      // held off until this transaction ends.
      lock_dim_date(database);
      if (const auto range = dim_date_range(database)) std::tie(next.first_day, next.last_day) = *range;
      if (next.first_day > next.last_day) {
        add_dim_dates(database, first, last);
      } else {
        if (first < next.first_day) add_dim_dates(database, first, next.first_day - 1);
        if (last > next.last_day) add_dim_dates(database, next.last_day + 1, last);
        first = std::min(first, next.first_day);
        last = std::max(last, next.last_day);
      }
      next.first_day = first;
      next.last_day = last;
    }
    append_facts(database, *next.keys, run_id, facts);
    next.aggregates_stale = true;
  } else {
    // The first load of this process syncs the dimensions with the catalog.
    size_t given = 0;
    const auto give = [&](std::vector<FactEvent>& batch) {
      batch.clear();
      const size_t end = std::min(facts.size(), given + 65536);
      batch.insert(batch.end(), facts.begin() + ptrdiff_t(given), facts.begin() + ptrdiff_t(end));
      given = end;
      return !batch.empty();
    };
    const FactEventSource source{give, [&] { given = 0; }};
    const auto started = std::chrono::steady_clock::now();
    load_warehouse(database, catalog, run_id, false, {}, source);
    next.keys = std::make_shared<const DimensionKeys>(read_dimension_keys(database, catalog));
    if (const auto range = dim_date_range(database)) std::tie(next.first_day, next.last_day) = *range;
    next.aggregates_stale = false;
    next.aggregates_rebuilt = std::chrono::steady_clock::now();
    next.rebuild_seconds = std::chrono::duration<double>(next.aggregates_rebuilt - started).count();
  }

  const auto& customers = catalog.customers();
  const auto& products = catalog.products();
  size_t index = 0;
  insert_sales_facts(database, [&](int64_t& file_id, SalesFactRow& row) {
    while (index < facts.size()) {
      const FactEvent& fact = facts[index++];
      const Event& event = fact.event;
      if (event.type != EventType::kPurchase) continue;
      const Product& product = products[event.product];
      file_id = fact.file_id;
      row = {event.time, customers[event.customer].id, product.id, event.quantity, product.price};
      return true;
    }
    return false;
  });
}

/// Rebuilds the agg_* tables when the facts moved on and it is time.
void refresh_aggregates(Database& database, StreamWarehouse& next, bool final) {
  if (!next.aggregates_stale) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - next.aggregates_rebuilt).count();
  if (!final && since < std::max(kAggregateIntervalSeconds, 10 * next.rebuild_seconds)) return;
  rebuild_aggregates(database);
  next.aggregates_stale = false;
  next.aggregates_rebuilt = std::chrono::steady_clock::now();
  next.rebuild_seconds = std::chrono::duration<double>(next.aggregates_rebuilt - now).count();
}

/// Writes `rows` into `table` and updates the rows whose `keys` are already
/// there, in three statements whatever the number of rows: a bulk load into
/// a temporary table shaped by `columns_ddl`, then one INSERT … SELECT … ON
/// CONFLICT DO UPDATE (instead of one parsed upsert per row).
void upsert_rows(Database& database, const std::string& table, const std::string& columns_ddl,
                 const std::vector<std::string>& columns, const std::vector<std::string>& keys,
                 const RowProducer& rows) {
  const std::string staged = "stream_staged_" + table;
  database.execute(fmt::format("CREATE TEMPORARY TABLE IF NOT EXISTS {} ({})", staged, columns_ddl));
  if (database.bulk_insert(staged, columns, rows) == 0) return;
  std::vector<std::string> updates;
  for (const std::string& column : columns)
    if (std::find(keys.begin(), keys.end(), column) == keys.end())
      updates.push_back(fmt::format("{0} = excluded.{0}", column));
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.
  database.execute(
      fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM {2} WHERE true ON CONFLICT ({3}) DO UPDATE SET {4}; "
                  "DELETE FROM {2}",
                  table, fmt::join(columns, ", "), staged, fmt::join(keys, ", "), fmt::join(updates, ", ")));
}

/// Walks one kind of changed row across every partition of a commit, in
/// partition order; `next()` gives the next row (and sets `partition()`), or
/// null after the last.
template <typename Row>
class CommitRows {
 public:
  CommitRows(const std::vector<PartitionCommit>& partitions, std::vector<Row> PartitionChanges::*rows)
      : partitions_(partitions), rows_(rows) {}

  const Row* next() {
    while (partition_ < partitions_.size() && row_ == (partitions_[partition_].changes.*rows_).size()) {
      ++partition_;
      row_ = 0;
    }
    if (partition_ == partitions_.size()) return nullptr;
    return &(partitions_[partition_].changes.*rows_)[row_++];
  }
  const PartitionCommit& partition() const { return partitions_[partition_]; }

 private:
  const std::vector<PartitionCommit>& partitions_;
  std::vector<Row> PartitionChanges::*rows_;
  size_t partition_ = 0, row_ = 0;
};

void insert_late_events(Database& database, const StreamIdentity& stream, const PartitionCommit& partition) {
  size_t next = 0;
  TimestampText times;
  const auto& late = partition.changes.late;
  database.bulk_insert("late_events",
                       {"topic", "consumer_group", "partition_id", "kafka_offset", "event_time", "watermark",
                        "late_seconds", "raw"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         if (next == late.size()) return false;
                         const LateEvent& event = late[next++];
                         row[0] = stream.topic;
                         row[1] = stream.group;
                         set_integer(row[2], partition.partition);
                         set_integer(row[3], event.offset);
                         row[4] = times.format(event.event_time);
                         row[5] = times.format(event.watermark);
                         row[6] = fmt::format("{:.6f}", double(event.watermark - event.event_time) / 1e6);
                         row[7] = event.raw;
                         return true;
                       });
}

void upsert_windows(Database& database, const StreamIdentity& stream,
                    const std::vector<PartitionCommit>& partitions) {
  TimestampText times;
  CommitRows<WindowRow> changed(partitions, &PartitionChanges::windows);
  upsert_rows(database, "stream_window_partitions",
              "topic TEXT, consumer_group TEXT, window_seconds INTEGER, window_start TIMESTAMP, partition_id "
              "INTEGER, "
              "events BIGINT, customers BIGINT, page_views BIGINT, product_views BIGINT, cart_adds BIGINT, "
              "cart_removes BIGINT, purchases BIGINT, units BIGINT, revenue_cents BIGINT, closed BOOLEAN",
              {"topic", "consumer_group", "window_seconds", "window_start", "partition_id", "events",
               "customers", "page_views", "product_views", "cart_adds", "cart_removes", "purchases", "units",
               "revenue_cents", "closed"},
              {"topic", "consumer_group", "window_seconds", "window_start", "partition_id"},
              [&](std::vector<std::optional<std::string>>& row) {
                const WindowRow* next = changed.next();
                if (next == nullptr) return false;
                const PartitionCommit& partition = changed.partition();
                const WindowRow& window = *next;
                const WindowMetrics& m = window.metrics;
                row[0] = stream.topic;
                row[1] = stream.group;
                set_integer(row[2], window.size_seconds);
                times.set(row[3], window.start);
                set_integer(row[4], partition.partition);
                set_integer(row[5], m.events);
                set_integer(row[6], m.customers);
                set_integer(row[7], m.page_views);
                set_integer(row[8], m.product_views);
                set_integer(row[9], m.cart_adds);
                set_integer(row[10], m.cart_removes);
                set_integer(row[11], m.purchases);
                set_integer(row[12], m.units);
                set_integer(row[13], m.revenue);
                set_integer(row[14], window.closed ? 1 : 0);
                return true;
              });
}

void upsert_products(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                     const std::vector<PartitionCommit>& partitions) {
  CommitRows<ProductRow> changed(partitions, &PartitionChanges::products);
  upsert_rows(database, "stream_product_partitions",
              "topic TEXT, consumer_group TEXT, partition_id INTEGER, product_id TEXT, product_views BIGINT, "
              "cart_adds BIGINT, cart_removes BIGINT, purchases BIGINT, units BIGINT, revenue_cents BIGINT",
              {"topic", "consumer_group", "partition_id", "product_id", "product_views", "cart_adds",
               "cart_removes", "purchases", "units", "revenue_cents"},
              {"topic", "consumer_group", "partition_id", "product_id"},
              [&](std::vector<std::optional<std::string>>& row) {
                const ProductRow* next = changed.next();
                if (next == nullptr) return false;
                const PartitionCommit& partition = changed.partition();
                const ProductRow& product = *next;
                const ProductMetrics& m = product.metrics;
                row[0] = stream.topic;
                row[1] = stream.group;
                set_integer(row[2], partition.partition);
                row[3] = catalog.products()[product.product].id;
                set_integer(row[4], m.views);
                set_integer(row[5], m.cart_adds);
                set_integer(row[6], m.cart_removes);
                set_integer(row[7], m.purchases);
                set_integer(row[8], m.units);
                set_integer(row[9], m.revenue);
                return true;
              });
}

/// The sessions of the commit: rows of sessions that moved or merged go
/// first, then closed and changed open sessions are upserted.
void upsert_sessions(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                     const std::vector<PartitionCommit>& partitions) {
  TimestampText times;
  for (const PartitionCommit& partition : partitions) {
    for (const SessionRowKey& key : partition.changes.sessions_removed) {
      database.query(
          "DELETE FROM stream_sessions WHERE topic = $1 AND consumer_group = $2 AND partition_id = $3 AND "
          "customer_id = $4 AND session_key = $5 AND session_start = $6",
          {stream.topic, stream.group, std::to_string(partition.partition),
           catalog.customers()[key.customer].id, std::to_string(std::bit_cast<int64_t>(key.session_key)),
           times.format(key.start)});
    }
  }
  CommitRows<SessionRow> changed(partitions, &PartitionChanges::sessions);
  upsert_rows(
      database, "stream_sessions",
      "topic TEXT, consumer_group TEXT, partition_id INTEGER, customer_id TEXT, session_key BIGINT, "
      "session_start TIMESTAMP, session_end TIMESTAMP, duration_seconds BIGINT, events BIGINT, "
      "products_viewed BIGINT, products_added BIGINT, products_purchased BIGINT, units BIGINT, "
      "revenue_cents BIGINT, abandoned_value_cents BIGINT, converted BOOLEAN, bounced BOOLEAN, "
      "abandoned BOOLEAN, provisional BOOLEAN",
      {"topic", "consumer_group", "partition_id", "customer_id", "session_key", "session_start",
       "session_end", "duration_seconds", "events", "products_viewed", "products_added", "products_purchased",
       "units", "revenue_cents", "abandoned_value_cents", "converted", "bounced", "abandoned", "provisional"},
      {"topic", "consumer_group", "partition_id", "customer_id", "session_key", "session_start"},
      [&](std::vector<std::optional<std::string>>& row) {
        const SessionRow* next = changed.next();
        if (next == nullptr) return false;
        const PartitionCommit& partition = changed.partition();
        const SessionRow& stored = *next;
        const Session& session = stored.session;
        row[0] = stream.topic;
        row[1] = stream.group;
        set_integer(row[2], partition.partition);
        row[3] = catalog.customers()[session.customer].id;
        set_integer(row[4], std::bit_cast<int64_t>(session.session_key));
        times.set(row[5], session.start);
        times.set(row[6], session.end);
        set_integer(row[7], session.duration_seconds());
        set_integer(row[8], session.events);
        set_integer(row[9], session.products_viewed);
        set_integer(row[10], session.products_added);
        set_integer(row[11], session.products_purchased);
        set_integer(row[12], session.units);
        set_integer(row[13], session.revenue);
        set_integer(row[14], session.abandoned_value);
        set_integer(row[15], session.converted ? 1 : 0);
        set_integer(row[16], session.bounced ? 1 : 0);
        set_integer(row[17], session.abandoned ? 1 : 0);
        set_integer(row[18], stored.provisional ? 1 : 0);
        return true;
      });
}

void upsert_offset(Database& database, const StreamIdentity& stream, const PartitionCommit& partition) {
  const PartitionCounts& c = partition.counts;
  database.query(
      "INSERT INTO stream_offsets (topic, consumer_group, partition_id, next_offset, watermark, "
      "max_event_time, "
      "consumed, valid, quarantined, duplicates, late, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (topic, consumer_group, partition_id) DO UPDATE SET next_offset = excluded.next_offset, "
      "watermark = excluded.watermark, max_event_time = excluded.max_event_time, consumed = "
      "excluded.consumed, "
      "valid = excluded.valid, quarantined = excluded.quarantined, duplicates = excluded.duplicates, "
      "late = excluded.late, updated_at = excluded.updated_at",
      {stream.topic, stream.group, std::to_string(partition.partition), std::to_string(partition.next_offset),
       time_text(partition.watermark), time_text(partition.max_event_time), std::to_string(c.consumed),
       std::to_string(c.valid), std::to_string(c.quarantined), std::to_string(c.duplicates),
       std::to_string(c.late), time_text(now_utc())});
}

}  // namespace

std::string partition_source_name(const std::string& topic, int32_t partition) {
  return fmt::format("kafka:{}/{}", topic, partition);
}

StoredPartition read_stored_partition(Database& database, const StreamIdentity& stream, int32_t partition) {
  StoredPartition stored;
  const QueryResult offsets = database.query(
      "SELECT next_offset, CAST(watermark AS TEXT), consumed, valid, quarantined, duplicates, late "
      "FROM stream_offsets WHERE topic = $1 AND consumer_group = $2 AND partition_id = $3",
      key_params(stream, partition));
  if (!offsets.rows.empty()) {
    const auto& row = offsets.rows[0];
    stored.next_offset = to_integer(row[0]);
    if (row[1]) stored.watermark = parse_timestamp(*row[1]);
    stored.counts = {to_integer(row[2]), to_integer(row[3]), to_integer(row[4]), to_integer(row[5]),
                     to_integer(row[6])};
  }
  const QueryResult late = database.query(
      "SELECT kafka_offset FROM late_events WHERE topic = $1 AND consumer_group = $2 AND partition_id = $3",
      key_params(stream, partition));
  for (const auto& row : late.rows) stored.late_offsets.insert(to_integer(row[0]));
  return stored;
}

void write_stream_commit(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                         int64_t run_id, std::vector<PartitionCommit>& partitions, StreamWarehouse& warehouse,
                         bool final) {
  StreamWarehouse next = warehouse;
  with_transaction(database, [&] {
    check_expected_offsets(database, stream, partitions);
    load_facts(database, stream, catalog, run_id, partitions, next);
    for (const PartitionCommit& partition : partitions)
      if (!partition.changes.late.empty()) insert_late_events(database, stream, partition);
    upsert_windows(database, stream, partitions);
    upsert_products(database, stream, catalog, partitions);
    upsert_sessions(database, stream, catalog, partitions);
    for (const PartitionCommit& partition : partitions) upsert_offset(database, stream, partition);
    refresh_aggregates(database, next, final);
  });
  warehouse = std::move(next);
}

}  // namespace ecomflow
