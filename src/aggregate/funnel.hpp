#pragma once
/// The view_product → add_to_cart → purchase funnel, overall, per category
/// and per day: event counts and step rates from the product and trend
/// states, sessions that reached each step from the session report.

#include <string>
#include <vector>

#include "aggregate/product_state.hpp"
#include "aggregate/session_report.hpp"
#include "aggregate/trend_state.hpp"

namespace ecomflow {

/// Event counts of the three funnel steps and the rates between them.
struct FunnelCounts {
  int64_t views = 0;
  int64_t carts = 0;
  int64_t purchases = 0;

  /// add_to_cart / view_product; 0 without views.
  double view_to_cart() const { return views == 0 ? 0.0 : double(carts) / double(views); }
  /// purchase / add_to_cart; 0 without carts.
  double cart_to_purchase() const { return carts == 0 ? 0.0 : double(purchases) / double(carts); }
  /// purchase / view_product; 0 without views.
  double view_to_purchase() const { return views == 0 ? 0.0 : double(purchases) / double(views); }
};

/// Where a funnel row applies.
enum class FunnelScope { kOverall, kCategory, kDay };

/// One row of the funnel report.
struct FunnelRow {
  FunnelScope scope;
  std::string key;  ///< empty (overall), category name, or `YYYY-MM-DD`
  FunnelCounts events;
  SessionCounts sessions;  ///< per category: sessions that touched a product of it
};

/// `overall`, `category`, `day`.
std::string_view funnel_scope_name(FunnelScope scope);

/// The overall row, then one per catalog category (catalog order), then one
/// per day from the first to the last event day.
std::vector<FunnelRow> funnel_rows(const Catalog& catalog, const ProductState& products,
                                   const TrendState& trends, const SessionReport& sessions);

}  // namespace ecomflow
