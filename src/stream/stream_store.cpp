#include "stream/stream_store.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/ledger_store.hpp"
#include "store/warehouse_load.hpp"
#include "store/warehouse_row_text.hpp"

namespace ecomflow {
namespace {

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

/// The quarantined records of the commit, and its valid events into the warehouse (fact_events,
/// fact_sales, dimensions, aggregates) and the ledger's sales facts, each
/// partition's rows under its own ledger file. True when events were loaded.
bool load_facts(Database& database, const StreamIdentity& stream, const Catalog& catalog, int64_t run_id,
                const std::vector<PartitionCommit>& partitions, bool first_load) {
  std::vector<int64_t> file_ids;
  bool any_events = false;
  for (const PartitionCommit& partition : partitions) {
    any_events = any_events || !partition.changes.events.empty();
    file_ids.push_back(record_file(database, run_id, partition_source_name(stream.topic, partition.partition),
                                   0, "group:" + stream.group, partition.next_offset));
  }
  for (size_t i = 0; i < partitions.size(); ++i)
    if (!partitions[i].changes.quarantined.empty())
      insert_quarantine(database, run_id, file_ids[i], partitions[i].changes.quarantined);
  if (!any_events) return false;
  size_t next_partition = 0;
  const auto next = [&](std::vector<FactEvent>& batch) {
    batch.clear();
    while (next_partition < partitions.size() && batch.empty()) {
      for (const Event& event : partitions[next_partition].changes.events)
        batch.push_back({event, file_ids[next_partition]});
      ++next_partition;
    }
    return !batch.empty();
  };
  const FactEventSource source{next, [&] { next_partition = 0; }};
  WarehouseOptions options;
  // After the first commit the catalog is the one already synced; skip the
  // scan for the latest fact that only a catalog change needs.
  if (!first_load) options.changes_effective_at = kValidSinceEver;
  load_warehouse(database, catalog, run_id, false, {}, source, options);

  const auto& customers = catalog.customers();
  const auto& products = catalog.products();
  size_t partition_index = 0;
  size_t event_index = 0;
  insert_sales_facts(database, [&](int64_t& file_id, SalesFactRow& row) {
    while (partition_index < partitions.size()) {
      const std::vector<Event>& events = partitions[partition_index].changes.events;
      while (event_index < events.size()) {
        const Event& event = events[event_index++];
        if (event.type != EventType::kPurchase) continue;
        const Product& product = products[event.product];
        file_id = file_ids[partition_index];
        row = {event.time, customers[event.customer].id, product.id, event.quantity, product.price};
        return true;
      }
      ++partition_index;
      event_index = 0;
    }
    return false;
  });
  return true;
}

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

void upsert_windows(Database& database, const StreamIdentity& stream, const PartitionCommit& partition) {
  static const std::string sql =
      "INSERT INTO stream_window_partitions (topic, consumer_group, window_seconds, window_start, "
      "partition_id, "
      "events, customers, page_views, product_views, cart_adds, cart_removes, purchases, units, "
      "revenue_cents, "
      "closed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
      "ON CONFLICT (topic, consumer_group, window_seconds, window_start, partition_id) DO UPDATE SET "
      "events = excluded.events, customers = excluded.customers, page_views = excluded.page_views, "
      "product_views = excluded.product_views, cart_adds = excluded.cart_adds, "
      "cart_removes = excluded.cart_removes, purchases = excluded.purchases, units = excluded.units, "
      "revenue_cents = excluded.revenue_cents, closed = excluded.closed";
  TimestampText times;
  for (const WindowRow& window : partition.changes.windows) {
    const WindowMetrics& m = window.metrics;
    database.query(
        sql, {stream.topic, stream.group, std::to_string(window.size_seconds), times.format(window.start),
              std::to_string(partition.partition), std::to_string(m.events), std::to_string(m.customers),
              std::to_string(m.page_views), std::to_string(m.product_views), std::to_string(m.cart_adds),
              std::to_string(m.cart_removes), std::to_string(m.purchases), std::to_string(m.units),
              std::to_string(m.revenue), window.closed ? "1" : "0"});
  }
}

void upsert_products(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                     const PartitionCommit& partition) {
  static const std::string sql =
      "INSERT INTO stream_product_partitions (topic, consumer_group, partition_id, product_id, "
      "product_views, "
      "cart_adds, cart_removes, purchases, units, revenue_cents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10) "
      "ON CONFLICT (topic, consumer_group, partition_id, product_id) DO UPDATE SET "
      "product_views = excluded.product_views, cart_adds = excluded.cart_adds, "
      "cart_removes = excluded.cart_removes, purchases = excluded.purchases, units = excluded.units, "
      "revenue_cents = excluded.revenue_cents";
  for (const ProductRow& row : partition.changes.products) {
    const ProductMetrics& m = row.metrics;
    database.query(sql, {stream.topic, stream.group, std::to_string(partition.partition),
                         catalog.products()[row.product].id, std::to_string(m.views),
                         std::to_string(m.cart_adds), std::to_string(m.cart_removes),
                         std::to_string(m.purchases), std::to_string(m.units), std::to_string(m.revenue)});
  }
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

bool write_stream_commit(Database& database, const StreamIdentity& stream, const Catalog& catalog,
                         int64_t run_id, std::vector<PartitionCommit>& partitions, bool first_load) {
  bool loaded = false;
  with_transaction(database, [&] {
    check_expected_offsets(database, stream, partitions);
    loaded = load_facts(database, stream, catalog, run_id, partitions, first_load);
    for (const PartitionCommit& partition : partitions) {
      if (!partition.changes.late.empty()) insert_late_events(database, stream, partition);
      upsert_windows(database, stream, partition);
      upsert_products(database, stream, catalog, partition);
      upsert_offset(database, stream, partition);
    }
  });
  return loaded;
}

}  // namespace ecomflow
