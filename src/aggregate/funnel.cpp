#include "aggregate/funnel.hpp"

#include <map>

namespace ecomflow {

std::string_view funnel_scope_name(FunnelScope scope) {
  switch (scope) {
    case FunnelScope::kOverall:
      return "overall";
    case FunnelScope::kCategory:
      return "category";
    case FunnelScope::kDay:
      return "day";
  }
  return "overall";
}

std::vector<FunnelRow> funnel_rows(const Catalog& catalog, const ProductState& products,
                                   const TrendState& trends, const SessionReport& sessions) {
  std::vector<FunnelRow> rows;
  FunnelRow overall{FunnelScope::kOverall, "", {}, sessions.overall};
  const std::vector<ProductTotals> categories = products.by_category();
  for (size_t i = 0; i < categories.size(); ++i) {
    const FunnelCounts counts{categories[i].views, categories[i].carts, categories[i].purchases};
    overall.events.views += counts.views;
    overall.events.carts += counts.carts;
    overall.events.purchases += counts.purchases;
    const SessionCounts category_sessions =
        i < sessions.by_category.size() ? sessions.by_category[i] : SessionCounts{};
    rows.push_back({FunnelScope::kCategory, catalog.categories()[i], counts, category_sessions});
  }
  rows.insert(rows.begin(), overall);

  const std::map<DayNumber, SessionCounts> by_day(sessions.by_day.begin(), sessions.by_day.end());
  for (const DayTraffic& day : trends.daily()) {
    const FunnelCounts counts{day.totals.views(), day.totals.by_type[int(EventType::kAddToCart)],
                              day.totals.purchases()};
    const auto found = by_day.find(day.day);
    rows.push_back({FunnelScope::kDay, format_date(day.day), counts,
                    found == by_day.end() ? SessionCounts{} : found->second});
  }
  return rows;
}

}  // namespace ecomflow
