#include "stream/tumbling_windows.hpp"

namespace ecomflow {

void TumblingWindows::add(const Event& event, Cents unit_price) {
  const int64_t size = size_seconds_ * kMicrosPerSecond;
  // Floor division: events before 1970 still fall in the window that holds them.
  const TimestampUs start =
      event.time >= 0 ? event.time / size * size : -((-event.time + size - 1) / size) * size;
  Window& window = windows_[start];
  WindowMetrics& metrics = window.metrics;
  ++metrics.events;
  if (window.customers.insert(event.customer).second) ++metrics.customers;
  switch (event.type) {
    case EventType::kPageView:
      ++metrics.page_views;
      break;
    case EventType::kViewProduct:
      ++metrics.product_views;
      break;
    case EventType::kAddToCart:
      ++metrics.cart_adds;
      break;
    case EventType::kRemoveFromCart:
      ++metrics.cart_removes;
      break;
    case EventType::kPurchase:
      ++metrics.purchases;
      metrics.units += event.quantity;
      metrics.revenue += unit_price * event.quantity;
      break;
  }
  window.changed = true;
}

void TumblingWindows::close_until(TimestampUs watermark) {
  const int64_t size = size_seconds_ * kMicrosPerSecond;
  for (auto& [start, window] : windows_) {
    if (start + size > watermark) break;
    if (!window.closed) {
      window.closed = true;
      window.changed = true;
    }
  }
}

void TumblingWindows::collect_changes(std::vector<WindowRow>& out) const {
  for (const auto& [start, window] : windows_)
    if (window.changed) out.push_back({size_seconds_, start, window.metrics, window.closed});
}

void TumblingWindows::mark_committed() {
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.closed) {
      it = windows_.erase(it);
      continue;
    }
    it->second.changed = false;
    ++it;
  }
}

size_t TumblingWindows::state_bytes() const {
  size_t bytes = 0;
  for (const auto& [start, window] : windows_) bytes += sizeof(window) + 64 + window.customers.size() * 24;
  return bytes;
}

}  // namespace ecomflow
