#include "store/analytics_queries.hpp"

#include <fmt/format.h>

#include "store/warehouse_schema.hpp"

namespace ecomflow {

const std::vector<AnalyticsQuery>& analytics_queries() {
  static const std::vector<AnalyticsQuery> queries{
      {"sales_report", "the sales report: revenue, units, customers by category and segment",
       "warehouse.v_sales_report",
       "total_revenue_cents DESC, category COLLATE \"C\", customer_segment COLLATE \"C\"",
       // The same columns and units as sales_report.csv, row for row.
       "category, customer_segment, {total_revenue_cents}, units_sold, unique_customers"},
      {"product_rank", "products ranked by revenue within their category (RANK)", "warehouse.v_product_rank",
       "category COLLATE \"C\", category_rank, product_id COLLATE \"C\""},
      {"customer_lifetime_value", "each purchasing customer's orders, lifetime value and rank (CTE)",
       "warehouse.v_customer_lifetime_value", "value_rank, customer_id COLLATE \"C\""},
      {"running_daily_revenue", "revenue per day and its running total (SUM OVER)",
       "warehouse.v_running_daily_revenue", "date_key"},
      {"category_mom_growth", "month-over-month revenue growth per category (LAG)",
       "warehouse.v_category_mom_growth", "category COLLATE \"C\", month_key"},
      {"cohort_retention", "share of each join-month cohort purchasing in each later month",
       "warehouse.v_cohort_retention", "cohort_month, activity_month"},
      {"order_revenue_by_status", "the shop's orders, units and money by order status",
       "warehouse.v_order_revenue_by_status", "is_revenue DESC, total_cents DESC, status COLLATE \"C\""},
      {"order_revenue_by_payment_method", "orders, cancellations and revenue by payment method",
       "warehouse.v_order_revenue_by_payment_method", "revenue_cents DESC, payment_method COLLATE \"C\""},
      {"order_revenue_by_day_type", "order revenue on weekdays against weekends, per day with orders",
       "warehouse.v_order_revenue_by_day_type", "day_type"},
      {"order_revenue_by_month", "orders and revenue per month (YYYYMM)",
       "warehouse.v_order_revenue_by_month", "month_key"},
      {"order_size", "orders by number of lines: count, units, average order value", "warehouse.v_order_size",
       "line_count"},
      {"order_product_rank", "products ranked by order revenue within their category (RANK)",
       "warehouse.v_order_product_rank", "category COLLATE \"C\", category_rank, product_id COLLATE \"C\"",
       "category, product_id, product_name, orders, units, {revenue_cents}, category_rank"},
      {"order_customer_lifetime_value", "each ordering customer's orders, lifetime value and rank (CTE)",
       "warehouse.v_order_customer_lifetime_value", "value_rank, customer_id COLLATE \"C\"",
       "customer_id, segment, orders, cancelled_orders, {lifetime_value_cents}, {average_order_cents}, "
       "first_order, last_order, value_rank"},
      {"customer_order_history", "one customer's orders in time with a running value (takes a customer id)",
       "warehouse.v_customer_order_history", "order_number",
       "customer_id, order_number, order_id, order_time, status, payment_method, line_count, units, "
       "{total_cents}, {running_value_cents}",
       "customer_id"},
  };
  return queries;
}

const AnalyticsQuery* find_analytics_query(std::string_view name) {
  for (const AnalyticsQuery& query : analytics_queries())
    if (query.name == name) return &query;
  return nullptr;
}

namespace {

/// `column` (integer cents) as the amount with exactly two decimals, named
/// without its `_cents`: exact NUMERIC on PostgreSQL; on SQLite, which has
/// no exact decimal type, the amount's text.
std::string amount_sql(std::string_view backend, std::string_view column) {
  std::string_view name = column;
  if (name.ends_with("_cents")) name.remove_suffix(6);
  if (backend == "postgresql") return fmt::format("CAST({} / 100.0 AS NUMERIC(20, 2)) AS {}", column, name);
  return fmt::format(
      "printf('%s%d.%02d', CASE WHEN {0} < 0 THEN '-' ELSE '' END, abs({0}) / 100, abs({0}) % 100) AS {1}",
      column, name);
}

/// The select list of `columns` with each `{column}` written by amount_sql.
std::string select_list(std::string_view backend, std::string_view columns) {
  std::string out;
  while (!columns.empty()) {
    const size_t open = columns.find('{');
    const size_t close = open == std::string_view::npos ? open : columns.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(columns.substr(0, open));
    out += amount_sql(backend, columns.substr(open + 1, close - open - 1));
    columns.remove_prefix(close + 1);
  }
  out.append(columns);
  return out;
}

}  // namespace

std::string analytics_query_sql(std::string_view backend, const AnalyticsQuery& query,
                                std::optional<int64_t> limit) {
  std::string sql = fmt::format(
      "SELECT {} FROM {}{} ORDER BY {}", select_list(backend, query.columns), query.view,
      query.parameter.empty() ? "" : fmt::format(" WHERE {} = $1", query.parameter), query.order_by);
  if (limit) sql += fmt::format(" LIMIT {}", *limit);
  return warehouse_sql(backend, sql);
}

QueryResult run_analytics_query(Database& database, const AnalyticsQuery& query, std::optional<int64_t> limit,
                                const std::string& value) {
  const std::string sql = analytics_query_sql(database.backend(), query, limit);
  if (query.parameter.empty()) return database.query(sql);
  return database.query(sql, {value});
}

std::string sales_report_sql(std::string_view backend) {
  return warehouse_sql(backend, R"sql(SELECT p.category,
       c.segment AS customer_segment,
       CAST(SUM(f.revenue_cents) AS BIGINT) AS total_revenue_cents,
       CAST(SUM(f.quantity) AS BIGINT) AS units_sold,
       COUNT(DISTINCT c.customer_id) AS unique_customers
FROM warehouse.fact_sales f
JOIN warehouse.dim_product p ON p.product_key = f.product_key
JOIN warehouse.dim_customer c ON c.customer_key = f.customer_key
GROUP BY p.category, c.segment
ORDER BY total_revenue_cents DESC, p.category COLLATE "C", c.segment COLLATE "C")sql");
}

std::vector<SalesRow> warehouse_sales_report(Database& database) {
  std::vector<SalesRow> rows;
  for (const auto& row : database.query(sales_report_sql(database.backend())).rows) {
    rows.push_back({row[0].value_or(""), row[1].value_or(""), std::stoll(row[2].value_or("0")),
                    std::stoll(row[3].value_or("0")), std::stoll(row[4].value_or("0"))});
  }
  return rows;
}

}  // namespace ecomflow
