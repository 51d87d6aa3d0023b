#pragma once
/// Every metric the pipeline computes in its single pass, as one mergeable
/// value. Adding a metric: a member here and one line in add() and merge().

#include <span>

#include "aggregate/sales_state.hpp"

namespace ecomflow {

/// Counts by event type, for the funnel and the summary.
struct EventTypeCounts {
  int64_t counts[kEventTypeCount] = {};
  void add(std::span<const Event> events) {
    for (const Event& event : events) ++counts[int(event.type)];
  }
  void merge(const EventTypeCounts& other) {
    for (int i = 0; i < kEventTypeCount; ++i) counts[i] += other.counts[i];
  }
};

/// The pipeline's aggregate state; one per worker thread, merged at the end.
struct Aggregates {
  explicit Aggregates(const Catalog& catalog) : sales(catalog) {}

  void add(std::span<const Event> events) {
    sales.add(events);
    event_types.add(events);
  }
  void merge(const Aggregates& other) {
    sales.merge(other.sales);
    event_types.merge(other.event_types);
  }

  SalesState sales;
  EventTypeCounts event_types;
};

}  // namespace ecomflow
