#pragma once
/// The warehouse's named analytics queries (`ecomflow query NAME`): each one
/// a documented view from migration 004 plus its row order, the same on both
/// backends. Also seed 001's sales report as one SQL query.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/sales_state.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// One named query.
struct AnalyticsQuery {
  std::string_view name;         ///< `product_rank`
  std::string_view description;  ///< one line, for `ecomflow query --list`
  std::string_view view;         ///< `warehouse.v_product_rank`
  std::string_view order_by;     ///< the rows' order (views have none)
  /// The columns shown, `*` for all; `{name_cents}` shows that column of
  /// integer cents as the amount in currency units, named `name`.
  std::string_view columns = "*";
  /// The column a query filters on with the value it is given (`customer_id`:
  /// `ecomflow query customer_order_history c042`); empty for queries that
  /// take no value.
  std::string_view parameter = {};
};

/// Every named query, in the order `--list` shows them.
const std::vector<AnalyticsQuery>& analytics_queries();

/// The query called `name`, or nullptr.
const AnalyticsQuery* find_analytics_query(std::string_view name);

/// The SELECT that runs `query` on `backend` (`sqlite` or `postgresql`), with
/// a LIMIT when `limit` is set and `WHERE <parameter> = $1` for a query that
/// takes a value. Amounts come out exact with two decimals
/// (NUMERIC on PostgreSQL, text on SQLite): 7098607 cents as 70986.07.
std::string analytics_query_sql(std::string_view backend, const AnalyticsQuery& query,
                                std::optional<int64_t> limit = std::nullopt);

/// Runs a named query; `value` is the parameter's value (required by a
/// query with a parameter, ignored by the others).
QueryResult run_analytics_query(Database& database, const AnalyticsQuery& query,
                                std::optional<int64_t> limit = std::nullopt, const std::string& value = {});

/// Seed 001's report in one query over fact_sales ⋈ dim_product ⋈
/// dim_customer: category, customer_segment, total_revenue_cents,
/// units_sold, unique_customers, by revenue desc, category, segment (bytewise).
std::string sales_report_sql(std::string_view backend);

/// The rows of sales_report_sql, in the shape of the in-memory report.
std::vector<SalesRow> warehouse_sales_report(Database& database);

}  // namespace ecomflow
