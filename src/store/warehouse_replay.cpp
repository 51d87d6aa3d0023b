#include "store/warehouse_replay.hpp"

#include <fmt/format.h>

#include <charconv>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

int64_t to_integer(const std::optional<std::string>& text) {
  int64_t value = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

/// Catalog indexes by surrogate key, for the members `find` knows: the facts
/// are read with their keys, not joined with the dimensions row by row.
template <typename Find>
std::unordered_map<int64_t, uint32_t> catalog_index_by_key(Database& database, const std::string& sql,
                                                           const Find& find) {
  std::unordered_map<int64_t, uint32_t> indexes;
  for (const auto& row : database.query(warehouse_sql(database, sql)).rows) {
    if (!row[0] || !row[1]) continue;
    if (const auto index = find(*row[1])) indexes.emplace(to_integer(row[0]), *index);
  }
  return indexes;
}

}  // namespace

int64_t replay_fact_events(Database& database, const Catalog& catalog,
                           const std::function<void(std::span<const Event>)>& consume, int64_t* skipped,
                           int64_t page_rows) {
  const QueryResult days = database.query(warehouse_sql(
      database, "SELECT date_key, COUNT(*) FROM warehouse.fact_events GROUP BY date_key ORDER BY date_key"));
  const auto customers =
      catalog_index_by_key(database, "SELECT customer_key, customer_id FROM warehouse.dim_customer",
                           [&](const std::string& id) { return catalog.find_customer(id); });
  const auto products =
      catalog_index_by_key(database, "SELECT product_key, product_id FROM warehouse.dim_product",
                           [&](const std::string& id) { return catalog.find_product(id); });
  const std::string page_sql = warehouse_sql(
      database,
      "SELECT CAST(event_time AS TEXT), customer_key, product_key, event_type_key, quantity, session_key "
      "FROM warehouse.fact_events WHERE date_key BETWEEN $1 AND $2");
  int64_t streamed = 0;
  int64_t missing = 0;
  std::vector<Event> batch;
  size_t day = 0;
  while (day < days.rows.size()) {
    // A page is a run of whole days, so each query uses the date index.
    const size_t first = day;
    int64_t rows = 0;
    while (day < days.rows.size() && (day == first || rows + to_integer(days.rows[day][1]) <= page_rows)) {
      rows += to_integer(days.rows[day][1]);
      ++day;
    }
    const QueryResult page = database.query(page_sql, {days.rows[first][0], days.rows[day - 1][0]});
    batch.clear();
    for (const auto& row : page.rows) {
      const auto time = row[0] ? parse_timestamp(*row[0]) : std::nullopt;
      const auto customer = row[1] ? customers.find(to_integer(row[1])) : customers.end();
      const int64_t type = to_integer(row[3]);
      const bool has_product = type != int64_t(EventType::kPageView);
      const auto product = has_product && row[2] ? products.find(to_integer(row[2])) : products.end();
      if (!time)
        throw UserError(fmt::format("warehouse.fact_events holds an unreadable event_time '{}'", *row[0]));
      if (customer == customers.end() || (has_product && product == products.end()) || type < 0 ||
          type >= kEventTypeCount) {
        ++missing;
        continue;
      }
      Event event{};
      event.time = *time;
      event.session_key = uint64_t(to_integer(row[5]));
      event.customer = customer->second;
      event.product = has_product ? product->second : kNoProduct;
      event.quantity = int32_t(to_integer(row[4]));
      event.type = EventType(type);
      batch.push_back(event);
    }
    streamed += int64_t(batch.size());
    consume(batch);
  }
  if (skipped) *skipped = missing;
  return streamed;
}

}  // namespace ecomflow
