#pragma once
/// Every metric the pipeline computes in its single pass, as one mergeable
/// value. Adding a metric: a member here and one line in add() and merge().

#include <span>
#include <utility>

#include "aggregate/customer_state.hpp"
#include "aggregate/product_state.hpp"
#include "aggregate/sales_state.hpp"
#include "aggregate/session_state.hpp"
#include "aggregate/trend_state.hpp"

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

/// Settings of the aggregate state that change results.
struct AggregateOptions {
  int64_t session_gap_us = kDefaultSessionGapUs;  ///< inactivity that ends a session without session_id
  /// Bytes of session log held in memory, and again of report() scratch;
  /// the rest spills to a temporary file (0 = no limit).
  size_t session_memory = kDefaultSessionMemory;
  /// Compute the shop analytics (trends, products, customers, sessions) as
  /// well as the sales report. Off: the seed-001 report alone.
  bool analytics = true;
  /// Session rows a report keeps (sessions.csv), and so the rows of closed
  /// sessions a report checkpoint keeps.
  size_t session_rows = 100'000;
};

/// The pipeline's aggregate state; one per worker thread, merged at the end.
struct Aggregates {
  explicit Aggregates(const Catalog& catalog, const AggregateOptions& options = AggregateOptions())
      : sales(catalog),
        trends(catalog),
        products(catalog),
        customers(catalog),
        sessions(catalog, options.session_gap_us, options.session_memory),
        analytics(options.analytics),
        session_rows(options.session_rows) {}

  void add(std::span<const Event> events) {
    sales.add(events);
    event_types.add(events);
    if (!analytics) return;
    trends.add(events);
    products.add(events);
    customers.add(events);
    sessions.add(events);
  }
  void merge(const Aggregates& other) {
    sales.merge(other.sales);
    event_types.merge(other.event_types);
    trends.merge(other.trends);
    products.merge(other.products);
    customers.merge(other.customers);
    sessions.merge(other.sessions);
  }
  /// Writes every state but the session log, which a checkpoint keeps as
  /// the events themselves (state_codec.hpp).
  void save_counters(StateWriter& out) const {
    sales.save(out);
    for (const int64_t count : event_types.counts) out.put(count);
    trends.save(out);
    products.save(out);
    customers.save(out);
  }
  /// Adds states written by save_counters() over the same catalog; false
  /// (and this value is then unusable) when they do not fit it.
  bool restore_counters(StateReader& in) {
    if (!sales.restore(in)) return false;
    for (int64_t& count : event_types.counts) {
      int64_t stored = 0;
      in.get(stored);
      count += stored;
    }
    return trends.restore(in) && products.restore(in) && customers.restore(in) && in.complete();
  }
  /// The same, moving `other`'s event log instead of copying it (halves peak memory).
  void merge(Aggregates&& other) {
    sessions.merge(std::move(other.sessions));
    merge(std::as_const(other));
  }

  SalesState sales;
  EventTypeCounts event_types;
  TrendState trends;
  ProductState products;
  CustomerState customers;
  SessionState sessions;
  bool analytics;       ///< whether the analytics states are fed (they stay empty otherwise)
  size_t session_rows;  ///< AggregateOptions::session_rows
};

}  // namespace ecomflow
