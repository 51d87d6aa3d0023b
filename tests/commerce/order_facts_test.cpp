// Orders placed through checkout reach fact_orders / fact_order_items: every
// count and sum matches hand-counted orders, a second load changes nothing,
// a changed status is updated, and an order whose customer is not in the
// dimensions yet waits for a later load.

#include <gtest/gtest.h>

#include "commerce/checkout.hpp"
#include "commerce/shop_fixture.hpp"
#include "store/analytics_queries.hpp"
#include "store/catalog_store.hpp"
#include "store/order_facts.hpp"
#include "store/warehouse_dimensions.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow::testing {
namespace {

class OrderFactsTest : public ShopTest {
 protected:
  int64_t place(const std::string& customer, const std::string& payment_method,
                const std::vector<CartLine>& lines) {
    const PlaceOrderResult result =
        checkout_transaction(db(), PlaceOrderRequest{customer, payment_method, ""}, lines);
    EXPECT_EQ(result.outcome, CheckoutOutcome::kCreated) << result.detail;
    return result.order.order_id;
  }
  void sync_dimensions_now() { sync_dimensions(db(), read_catalog(db()), kValidSinceEver); }
  OrderFactsLoad load() {
    OrderFactsLoad load;
    with_transaction(db(), [&] { load = load_order_facts(db()); });
    return load;
  }
  int64_t warehouse_scalar(const std::string& sql) { return scalar(warehouse_sql(db(), sql)); }
  /// `name`'s rows as "col=value ..." lines.
  std::vector<std::string> query_rows(const std::string& name) {
    const AnalyticsQuery* query = find_analytics_query(name);
    EXPECT_NE(query, nullptr) << name;
    std::vector<std::string> lines;
    if (!query) return lines;
    const QueryResult result = run_analytics_query(db(), *query);
    for (const auto& row : result.rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i)
        line += (i ? " " : "") + result.columns[i] + "=" + row[i].value_or("NULL");
      lines.push_back(line);
    }
    return lines;
  }
};

TEST_P(OrderFactsTest, LoadsOrdersOnceAndFollowsStatusChanges) {
  add_product("p1", "2.50", 10);
  add_product("p2", "10.00", 5, "Home");
  sync_dimensions_now();
  // By hand: 1500 + 750 + 2000 = 4250 cents, 4 lines, 8 units.
  const int64_t first = place("c001", "card", {{"p1", 2}, {"p2", 1}});
  const int64_t second = place("c002", "paypal", {{"p1", 3}});
  place("c001", "card", {{"p2", 2}});

  OrderFactsLoad loaded = load();
  EXPECT_EQ(loaded.orders_added, 3);
  EXPECT_EQ(loaded.items_added, 4);
  EXPECT_EQ(loaded.orders_pending, 0);
  EXPECT_EQ(loaded.dates_added, 1);
  for (int again = 0; again < 2; ++again) {
    EXPECT_EQ(warehouse_scalar("SELECT COUNT(*) FROM warehouse.fact_orders"), 3);
    EXPECT_EQ(warehouse_scalar("SELECT SUM(total_cents) FROM warehouse.fact_orders"), 4250);
    EXPECT_EQ(warehouse_scalar("SELECT SUM(units) FROM warehouse.fact_orders"), 8);
    EXPECT_EQ(warehouse_scalar("SELECT SUM(line_count) FROM warehouse.fact_orders"), 4);
    EXPECT_EQ(warehouse_scalar("SELECT COUNT(*) FROM warehouse.fact_order_items"), 4);
    EXPECT_EQ(warehouse_scalar("SELECT SUM(revenue_cents) FROM warehouse.fact_order_items"), 4250);
    EXPECT_EQ(warehouse_scalar("SELECT SUM(quantity) FROM warehouse.fact_order_items i "
                               "JOIN warehouse.dim_product p ON p.product_key = i.product_key "
                               "WHERE p.product_id = 'p1'"),
              5);
    EXPECT_EQ(warehouse_scalar(fmt::format("SELECT i.customer_key FROM warehouse.fact_order_items i "
                                           "JOIN warehouse.dim_customer c ON c.customer_key = i.customer_key "
                                           "WHERE i.order_id = {} AND c.customer_id = 'c002'",
                                           second)),
              warehouse_scalar("SELECT customer_key FROM warehouse.dim_customer WHERE customer_id = 'c002'"));
    // Loading again finds nothing new.
    loaded = load();
    EXPECT_EQ(loaded.orders_added + loaded.orders_updated + loaded.items_added + loaded.dates_added, 0);
  }
  EXPECT_EQ(
      query_rows("order_revenue_by_payment_method"),
      (std::vector<std::string>{"payment_method=card orders=2 cancelled_orders=0 revenue_cents=3500",
                                "payment_method=paypal orders=1 cancelled_orders=0 revenue_cents=750"}));

  db().query("UPDATE orders SET status = 'cancelled' WHERE order_id = $1", {std::to_string(second)});
  db().query("UPDATE orders SET status = 'shipped' WHERE order_id = $1", {std::to_string(first)});
  loaded = load();
  EXPECT_EQ(loaded.orders_updated, 2);
  EXPECT_EQ(loaded.orders_added, 0);
  EXPECT_EQ(loaded.items_added, 0);
  EXPECT_EQ(warehouse_scalar("SELECT COUNT(*) FROM warehouse.fact_orders"), 3);
  EXPECT_EQ(query_rows("order_revenue_by_status"),
            (std::vector<std::string>{
                "status=placed is_revenue=1 orders=1 units=2 total_cents=2000 average_order_cents=2000",
                "status=shipped is_revenue=1 orders=1 units=3 total_cents=1500 average_order_cents=1500",
                "status=cancelled is_revenue=0 orders=1 units=3 total_cents=750 average_order_cents=750"}));
  EXPECT_EQ(query_rows("order_revenue_by_payment_method"),
            (std::vector<std::string>{"payment_method=card orders=2 cancelled_orders=0 revenue_cents=3500",
                                      "payment_method=paypal orders=1 cancelled_orders=1 revenue_cents=0"}));
  EXPECT_EQ(query_rows("order_size"),
            (std::vector<std::string>{"line_count=1 orders=2 units=5 average_order_cents=1375",
                                      "line_count=2 orders=1 units=3 average_order_cents=1500"}));
  const std::vector<std::string> day_types = query_rows("order_revenue_by_day_type");
  ASSERT_EQ(day_types.size(), 1u);
  EXPECT_NE(day_types[0].find("days=1 orders=2 revenue_cents=3500 revenue_per_day_cents=3500"),
            std::string::npos)
      << day_types[0];
  const std::vector<std::string> months = query_rows("order_revenue_by_month");
  ASSERT_EQ(months.size(), 1u);
  EXPECT_NE(months[0].find(" orders=2 revenue_cents=3500"), std::string::npos) << months[0];
}

TEST_P(OrderFactsTest, AnOrderWaitsForItsCustomersDimension) {
  add_product("p1", "2.50", 10);
  sync_dimensions_now();
  add_customers("late", 1);
  place(customer_name("late", 1), "gift_card", {{"p1", 1}});
  OrderFactsLoad loaded = load();
  EXPECT_EQ(loaded.orders_added, 0);
  EXPECT_EQ(loaded.orders_pending, 1);
  EXPECT_EQ(warehouse_scalar("SELECT COUNT(*) FROM warehouse.fact_order_items"), 0);
  sync_dimensions_now();
  loaded = load();
  EXPECT_EQ(loaded.orders_added, 1);
  EXPECT_EQ(loaded.items_added, 1);
  EXPECT_EQ(loaded.orders_pending, 0);
  EXPECT_EQ(warehouse_scalar("SELECT SUM(revenue_cents) FROM warehouse.fact_order_items"), 250);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderFactsTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ecomflow::testing
