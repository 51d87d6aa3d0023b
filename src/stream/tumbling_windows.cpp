#include "stream/tumbling_windows.hpp"

#include <algorithm>

namespace ecomflow {
namespace {

/// Memory of a window besides its customer set: the map node and its allocation.
constexpr size_t kWindowOverhead = 160;

}  // namespace

IndexSet::~IndexSet() {
  if (capacity_ > 0) delete[] slots_;
}

bool IndexSet::insert(uint32_t index) {
  if (capacity_ == 0) {
    for (uint32_t i = 0; i < size_; ++i)
      if (inline_[i] == index) return false;
    if (size_ < kInline) {
      inline_[size_++] = index;
      return true;
    }
    grow();
  } else if ((size_ + 1) * 4 > capacity_ * 3) {
    grow();
  }
  const uint32_t mask = capacity_ - 1;
  for (uint32_t slot = (index * 0x9e3779b1U) & mask;; slot = (slot + 1) & mask) {
    if (slots_[slot] == index) return false;
    if (slots_[slot] == kEmpty) {
      slots_[slot] = index;
      ++size_;
      return true;
    }
  }
}

void IndexSet::grow() {
  const uint32_t capacity = capacity_ == 0 ? 8 : capacity_ * 2;
  auto* slots = new uint32_t[capacity];
  std::fill_n(slots, capacity, kEmpty);
  const uint32_t mask = capacity - 1;
  const auto place = [&](uint32_t value) {
    uint32_t slot = (value * 0x9e3779b1U) & mask;
    while (slots[slot] != kEmpty) slot = (slot + 1) & mask;
    slots[slot] = value;
  };
  if (capacity_ == 0) {
    for (uint32_t i = 0; i < size_; ++i) place(inline_[i]);
  } else {
    for (uint32_t i = 0; i < capacity_; ++i)
      if (slots_[i] != kEmpty) place(slots_[i]);
    delete[] slots_;
  }
  slots_ = slots;
  capacity_ = capacity;
}

void TumblingWindows::mark_changed(TimestampUs start, Window& window) {
  if (window.changed) return;
  window.changed = true;
  changed_.push_back(start);
}

void TumblingWindows::add(const Event& event, Cents unit_price) {
  const int64_t size = size_seconds_ * kMicrosPerSecond;
  // Floor division: events before 1970 still fall in the window that holds them.
  const TimestampUs start =
      event.time >= 0 ? event.time / size * size : -((-event.time + size - 1) / size) * size;
  const auto [found, created] = windows_.try_emplace(start);
  Window& window = found->second;
  if (created) {
    bytes_ += kWindowOverhead;
    // A window the watermark has passed already (only a replayed event can
    // open one) is closed from the start.
    if (closed_until_ && start <= *closed_until_ - size) window.closed = true;
  }
  WindowMetrics& metrics = window.metrics;
  ++metrics.events;
  const size_t set_bytes = window.customers.bytes();
  if (window.customers.insert(event.customer)) {
    ++metrics.customers;
    bytes_ += window.customers.bytes() - set_bytes;
  }
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
  mark_changed(start, window);
}

void TumblingWindows::close_until(TimestampUs watermark) {
  if (closed_until_ && watermark <= *closed_until_) return;
  const int64_t size = size_seconds_ * kMicrosPerSecond;
  // Windows that ended by the last watermark are closed already: start after them.
  auto it = closed_until_ ? windows_.upper_bound(*closed_until_ - size) : windows_.begin();
  for (; it != windows_.end() && it->first <= watermark - size; ++it) {
    if (it->second.closed) continue;
    it->second.closed = true;
    mark_changed(it->first, it->second);
  }
  closed_until_ = watermark;
}

void TumblingWindows::collect_changes(std::vector<WindowRow>& out) const {
  const size_t first = out.size();
  for (const TimestampUs start : changed_) {
    const Window& window = windows_.at(start);
    out.push_back({size_seconds_, start, window.metrics, window.closed});
  }
  std::sort(out.begin() + ptrdiff_t(first), out.end(),
            [](const WindowRow& a, const WindowRow& b) { return a.start < b.start; });
}

void TumblingWindows::mark_committed() {
  for (const TimestampUs start : changed_) {
    const auto found = windows_.find(start);
    Window& window = found->second;
    if (window.closed) {
      bytes_ -= kWindowOverhead + window.customers.bytes();
      windows_.erase(found);
    } else {
      window.changed = false;
    }
  }
  changed_.clear();
}

}  // namespace ecomflow
