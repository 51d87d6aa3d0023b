#include "store/stream_facts.hpp"

#include <bit>
#include <map>
#include <tuple>

#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {

AppendedFacts append_facts(Database& database, const DimensionKeys& keys, int64_t run_id,
                           std::span<const FactEvent> events) {
  AppendedFacts appended;
  if (events.empty()) return appended;
  // file_id, product_key, date_key → views, cart adds (fact_product_activity's grain).
  std::map<std::tuple<int64_t, int64_t, int32_t>, std::pair<int64_t, int64_t>> activity;
  TimestampText timestamps;
  size_t next = 0;
  appended.fact_events = database.bulk_insert(
      warehouse_sql(database, "warehouse.fact_events"),
      {"date_key", "event_time", "customer_key", "product_key", "event_type_key", "quantity", "session_key",
       "file_id"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (next == events.size()) return false;
        const FactEvent& fact = events[next++];
        const Event& event = fact.event;
        const int32_t date_key = date_key_of(day_of(event.time));
        set_integer(row[0], date_key);
        timestamps.set(row[1], event.time);
        set_integer(row[2], keys.customer(event.customer, event.time).key);
        if (event.product == kNoProduct) {
          row[3].reset();
        } else {
          const int64_t product_key = keys.product(event.product, event.time).key;
          set_integer(row[3], product_key);
          if (event.type == EventType::kViewProduct || event.type == EventType::kAddToCart) {
            auto& counts = activity[{fact.file_id, product_key, date_key}];
            ++(event.type == EventType::kViewProduct ? counts.first : counts.second);
          }
        }
        set_integer(row[4], int64_t(event.type));
        set_integer(row[5], event.quantity);
        set_integer(row[6], std::bit_cast<int64_t>(event.session_key));
        set_integer(row[7], fact.file_id);
        return true;
      });

  auto counted = activity.begin();
  database.bulk_insert(warehouse_sql(database, "warehouse.fact_product_activity"),
                       {"date_key", "product_key", "file_id", "product_views", "cart_adds"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         if (counted == activity.end()) return false;
                         const auto& [file_id, product_key, date_key] = counted->first;
                         set_integer(row[0], date_key);
                         set_integer(row[1], product_key);
                         set_integer(row[2], file_id);
                         set_integer(row[3], counted->second.first);
                         set_integer(row[4], counted->second.second);
                         ++counted;
                         return true;
                       });

  next = 0;
  appended.fact_sales =
      database.bulk_insert(warehouse_sql(database, "warehouse.fact_sales"),
                           {"date_key", "event_time", "customer_key", "product_key", "quantity",
                            "unit_price_cents", "revenue_cents", "file_id", "run_id"},
                           [&](std::vector<std::optional<std::string>>& row) {
                             while (next < events.size() && events[next].event.type != EventType::kPurchase)
                               ++next;
                             if (next == events.size()) return false;
                             const FactEvent& fact = events[next++];
                             const Event& event = fact.event;
                             const DimensionVersion& product = keys.product(event.product, event.time);
                             set_integer(row[0], date_key_of(day_of(event.time)));
                             timestamps.set(row[1], event.time);
                             set_integer(row[2], keys.customer(event.customer, event.time).key);
                             set_integer(row[3], product.key);
                             set_integer(row[4], event.quantity);
                             set_integer(row[5], product.price);
                             set_integer(row[6], product.price * event.quantity);
                             set_integer(row[7], fact.file_id);
                             set_integer(row[8], run_id);
                             return true;
                           });
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
  DayNumber day = first;
  database.bulk_insert(warehouse_sql(database, "warehouse.dim_date"),
                       {"date_key", "date", "year", "quarter", "month", "day", "iso_week", "iso_year",
                        "weekday", "is_weekend"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         if (day > last) return false;
                         const CivilDate date = civil_from_days(day);
                         const IsoWeek week = iso_week(day);
                         const int weekday = iso_weekday(day);
                         row = {std::to_string(date_key_of(day)), format_date(day),
                                std::to_string(date.year),        std::to_string((date.month - 1) / 3 + 1),
                                std::to_string(date.month),       std::to_string(date.day),
                                std::to_string(week.week),        std::to_string(week.year),
                                std::to_string(weekday),          weekday >= 6 ? "1" : "0"};
                         ++day;
                         return true;
                       });
}

}  // namespace ecomflow
