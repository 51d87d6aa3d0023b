#include "store/warehouse_fact_rows.hpp"

#include <bit>
#include <unordered_map>

#include "core/hash.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// Views and cart adds of one input file, day and product version: a row of fact_product_activity.
struct ActivityKey {
  int64_t file_id;
  int64_t product_key;
  int32_t date_key;
  bool operator==(const ActivityKey&) const = default;
};
struct ActivityKeyHash {
  size_t operator()(const ActivityKey& key) const {
    return size_t(mix64(uint64_t(key.file_id) * 0x9e3779b97f4a7c15ULL ^ uint64_t(key.product_key) << 32 ^
                        uint64_t(uint32_t(key.date_key))));
  }
};
struct ActivityCounts {
  int64_t views = 0;
  int64_t cart_adds = 0;
};
using ProductActivity = std::unordered_map<ActivityKey, ActivityCounts, ActivityKeyHash>;

/// Writes the activity counted while writing fact_events.
void write_product_activity(Database& database, const ProductActivity& activity) {
  auto next = activity.begin();
  database.bulk_insert(warehouse_sql(database, "warehouse.fact_product_activity"),
                       {"date_key", "product_key", "file_id", "product_views", "cart_adds"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         if (next == activity.end()) return false;
                         set_integer(row[0], next->first.date_key);
                         set_integer(row[1], next->first.product_key);
                         set_integer(row[2], next->first.file_id);
                         set_integer(row[3], next->second.views);
                         set_integer(row[4], next->second.cart_adds);
                         ++next;
                         return true;
                       });
}

}  // namespace

int64_t write_fact_events(Database& database, const DimensionKeys& keys, const NextFact& next,
                          DayTracker& days) {
  ProductActivity activity;
  TimestampText timestamps;
  const int64_t written = database.bulk_insert(
      warehouse_sql(database, "warehouse.fact_events"),
      {"date_key", "event_time", "customer_key", "product_key", "event_type_key", "quantity", "session_key",
       "file_id"},
      [&](std::vector<std::optional<std::string>>& row) {
        const FactEvent* fact = next();
        if (!fact) return false;
        const Event& event = fact->event;
        const int32_t date_key = days.date_key(day_of(event.time));
        set_integer(row[0], date_key);
        timestamps.set(row[1], event.time);
        set_integer(row[2], keys.customer(event.customer, event.time).key);
        if (event.product == kNoProduct) {
          row[3].reset();
        } else {
          const int64_t product_key = keys.product(event.product, event.time).key;
          set_integer(row[3], product_key);
          if (event.type == EventType::kViewProduct || event.type == EventType::kAddToCart) {
            ActivityCounts& counts = activity[{fact->file_id, product_key, date_key}];
            ++(event.type == EventType::kViewProduct ? counts.views : counts.cart_adds);
          }
        }
        set_integer(row[4], int64_t(event.type));
        set_integer(row[5], event.quantity);
        // BIGINT is signed: the 64-bit hash keeps its bits, read as two's
        // complement.
        set_integer(row[6], std::bit_cast<int64_t>(event.session_key));
        set_integer(row[7], fact->file_id);
        return true;
      });
  write_product_activity(database, activity);
  return written;
}

int64_t write_fact_sales(Database& database, const DimensionKeys& keys, const NextFact& next,
                         int64_t run_id) {
  TimestampText timestamps;
  return database.bulk_insert(warehouse_sql(database, "warehouse.fact_sales"),
                              {"date_key", "event_time", "customer_key", "product_key", "quantity",
                               "unit_price_cents", "revenue_cents", "file_id", "run_id"},
                              [&](std::vector<std::optional<std::string>>& row) {
                                const FactEvent* fact = next();
                                while (fact != nullptr && fact->event.type != EventType::kPurchase)
                                  fact = next();
                                if (fact == nullptr) return false;
                                const Event& event = fact->event;
                                const DimensionVersion& product = keys.product(event.product, event.time);
                                set_integer(row[0], date_key_of(day_of(event.time)));
                                timestamps.set(row[1], event.time);
                                set_integer(row[2], keys.customer(event.customer, event.time).key);
                                set_integer(row[3], product.key);
                                set_integer(row[4], event.quantity);
                                set_integer(row[5], product.price);
                                set_integer(row[6], product.price * event.quantity);
                                set_integer(row[7], fact->file_id);
                                set_integer(row[8], run_id);
                                return true;
                              });
}

void lock_dim_date(Database& database) {
  // SHARE ROW EXCLUSIVE conflicts with itself and with every writer of the
  // table, never with readers.
  if (database.backend() == "postgresql")
    database.execute("LOCK TABLE warehouse.dim_date IN SHARE ROW EXCLUSIVE MODE");
}

int64_t write_dim_dates(Database& database, DayNumber first, DayNumber last,
                        const std::set<int32_t>& present) {
  DayNumber day = first;
  return database.bulk_insert(
      warehouse_sql(database, "warehouse.dim_date"),
      {"date_key", "date", "year", "quarter", "month", "day", "iso_week", "iso_year", "weekday",
       "is_weekend"},
      [&](std::vector<std::optional<std::string>>& row) {
        while (day <= last && present.count(date_key_of(day))) ++day;
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
