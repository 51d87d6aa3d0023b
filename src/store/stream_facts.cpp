#include "store/stream_facts.hpp"

#include "store/warehouse_fact_rows.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {

AppendedFacts append_facts(Database& database, const DimensionKeys& keys, int64_t run_id,
                           std::span<const FactEvent> events) {
  AppendedFacts appended;
  if (events.empty()) return appended;
  DayTracker days;
  size_t next = 0;
  const auto next_fact = [&]() -> const FactEvent* {
    return next == events.size() ? nullptr : &events[next++];
  };
  appended.fact_events = write_fact_events(database, keys, next_fact, days);
  next = 0;
  appended.fact_sales = write_fact_sales(database, keys, next_fact, run_id);
  return appended;
}

std::optional<std::pair<DayNumber, DayNumber>> dim_date_range(Database& database) {
  const QueryResult range =
      database.query(warehouse_sql(database, "SELECT MIN(date_key), MAX(date_key) FROM warehouse.dim_date"));
  if (range.rows.empty() || !range.rows[0][0] || !range.rows[0][1]) return std::nullopt;
  const auto to_day = [](const std::string& text) {
    const int64_t key = std::stoll(text);
    return days_from_civil(int(key / 10000), unsigned(key / 100 % 100), unsigned(key % 100));
  };
  return std::pair{to_day(*range.rows[0][0]), to_day(*range.rows[0][1])};
}

void add_dim_dates(Database& database, DayNumber first, DayNumber last) {
  write_dim_dates(database, first, last);
}

}  // namespace ecomflow
