#include "aggregate/customer_state.hpp"

#include <algorithm>
#include <tuple>

#include "core/error.hpp"

namespace ecomflow {

void CustomerTotals::merge(const CustomerTotals& other) {
  if (other.orders == 0) return;
  first_purchase = orders == 0 ? other.first_purchase : std::min(first_purchase, other.first_purchase);
  last_purchase = orders == 0 ? other.last_purchase : std::max(last_purchase, other.last_purchase);
  orders += other.orders;
  units += other.units;
  revenue += other.revenue;
}

CustomerState::CustomerState(const Catalog& catalog)
    : catalog_(&catalog), totals_(catalog.customers().size()) {}

void CustomerState::add(std::span<const Event> events) {
  const auto& products = catalog_->products();
  TimestampUs latest = last_event_time_;
  for (const Event& event : events) {
    latest = std::max(latest, event.time);
    if (event.type != EventType::kPurchase) continue;
    CustomerTotals& slot = totals_[event.customer];
    slot.first_purchase = slot.orders == 0 ? event.time : std::min(slot.first_purchase, event.time);
    slot.last_purchase = slot.orders == 0 ? event.time : std::max(slot.last_purchase, event.time);
    ++slot.orders;
    slot.units += event.quantity;
    slot.revenue += Cents(event.quantity) * products[event.product].price;
  }
  last_event_time_ = latest;
}

void CustomerState::merge(const CustomerState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  for (size_t i = 0; i < totals_.size(); ++i) totals_[i].merge(other.totals_[i]);
  last_event_time_ = std::max(last_event_time_, other.last_event_time_);
}

std::optional<TimestampUs> CustomerState::last_event_time() const {
  if (last_event_time_ == INT64_MIN) return std::nullopt;
  return last_event_time_;
}

std::vector<CustomerMetrics> CustomerState::metrics() const {
  std::vector<CustomerMetrics> rows;
  std::vector<int64_t> recency_goodness, orders, revenue;
  for (size_t i = 0; i < totals_.size(); ++i) {
    const CustomerTotals& totals = totals_[i];
    if (totals.orders == 0) continue;
    const int64_t days = (last_event_time_ - totals.last_purchase) / kMicrosPerDay;
    const Cents average = (totals.revenue + totals.orders / 2) / totals.orders;
    rows.push_back({uint32_t(i), totals, average, days, {}, {}});
    recency_goodness.push_back(-days);
    orders.push_back(totals.orders);
    revenue.push_back(totals.revenue);
  }
  const std::vector<int> recency_scores = quintile_scores(recency_goodness);
  const std::vector<int> frequency_scores = quintile_scores(orders);
  const std::vector<int> monetary_scores = quintile_scores(revenue);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].rfm = {recency_scores[i], frequency_scores[i], monetary_scores[i]};
    rows[i].rfm_segment = rfm_segment(rows[i].rfm);
  }
  const auto& customers = catalog_->customers();
  std::sort(rows.begin(), rows.end(), [&](const CustomerMetrics& a, const CustomerMetrics& b) {
    return std::tie(b.totals.revenue, customers[a.customer].id) <
           std::tie(a.totals.revenue, customers[b.customer].id);
  });
  return rows;
}

std::vector<SegmentRevenue> CustomerState::segment_revenue() const {
  std::vector<SegmentRevenue> segments(catalog_->segments().size());
  for (size_t i = 0; i < segments.size(); ++i) segments[i].segment = uint16_t(i);
  const auto& customers = catalog_->customers();
  for (size_t i = 0; i < totals_.size(); ++i) {
    SegmentRevenue& slot = segments[customers[i].segment_index];
    ++slot.customers;
    if (totals_[i].orders == 0) continue;
    ++slot.purchasing_customers;
    slot.orders += totals_[i].orders;
    slot.units += totals_[i].units;
    slot.revenue += totals_[i].revenue;
  }
  return segments;
}

}  // namespace ecomflow

namespace ecomflow {

void CustomerState::save(StateWriter& out) const {
  out.put(int64_t(totals_.size()));
  for (const CustomerTotals& slot : totals_) {
    for (const int64_t value :
         {slot.orders, slot.units, slot.revenue, slot.first_purchase, slot.last_purchase})
      out.put(value);
  }
  out.put(last_event_time_);
}

bool CustomerState::restore(StateReader& in) {
  if (!in.expect(int64_t(totals_.size()))) return false;
  for (CustomerTotals& slot : totals_) {
    CustomerTotals stored;
    for (int64_t* value :
         {&stored.orders, &stored.units, &stored.revenue, &stored.first_purchase, &stored.last_purchase})
      in.get(*value);
    slot.merge(stored);
  }
  int64_t last_event_time = INT64_MIN;
  in.get(last_event_time);
  last_event_time_ = std::max(last_event_time_, last_event_time);
  return in.ok();
}

}  // namespace ecomflow
