#include "pipeline/report_state.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "pipeline/warehouse_report.hpp"
#include "store/warehouse_replay.hpp"

namespace ecomflow {
namespace {

/// What the states depend on besides the events: catalog indexes, segments,
/// categories and prices (the analytics price events at today's catalog),
/// the session gap and whether analytics are kept.
std::string checkpoint_settings(const Catalog& catalog, const Aggregates& totals) {
  uint64_t hash = 0;
  for (const Customer& customer : catalog.customers())
    hash = hash_bytes(fmt::format("{}\x1f{}\x1e", customer.id, customer.segment), hash);
  for (const Product& product : catalog.products())
    hash = hash_bytes(fmt::format("{}\x1f{}\x1f{}\x1e", product.id, product.category, product.price), hash);
  for (const std::string& segment : catalog.segments()) hash = hash_bytes(segment + "\x1e", hash);
  for (const std::string& category : catalog.categories()) hash = hash_bytes(category + "\x1e", hash);
  return fmt::format(
      "catalog={:016x} customers={} products={} session_gap_us={} session_rows={} analytics={}", hash,
      catalog.customers().size(), catalog.products().size(), totals.sessions.gap_us(), totals.session_rows,
      totals.analytics ? 1 : 0);
}

/// Stores `sessions` split for the next run: the closed ones in `checkpoint`,
/// the events of the open ones as run `run_id`'s session log.
void store_sessions(Database& database, const SessionState& sessions, size_t rows, int64_t run_id,
                    ReportCheckpoint& checkpoint) {
  SessionCarry carry = sessions.close_sessions(rows);
  StateWriter closed;
  save_session_report(carry.closed, closed);
  checkpoint.closed_sessions = closed.bytes();
  spdlog::debug("report checkpoint: {} sessions closed, {} events of open sessions kept",
                carry.closed.overall.sessions, carry.open.size());
  clear_checkpoint_events(database);
  CheckpointEventWriter events(database, run_id);
  events.add(carry.open);
  events.finish();
}

/// The checkpoint's closed sessions into `sessions`; false when they do not fit the catalog.
bool restore_closed_sessions(const ReportCheckpoint& checkpoint, const Catalog& catalog,
                             SessionState& sessions) {
  if (checkpoint.closed_sessions.empty()) return true;
  StateReader reader(checkpoint.closed_sessions);
  SessionReport closed;
  if (!restore_session_report(reader, catalog, closed) || !reader.complete()) return false;
  sessions.set_closed(std::move(closed));
  return true;
}

/// Below every event time: a customer with no stored event takes any.
constexpr TimestampUs kNoStoredEvent = INT64_MIN;

CheckpointBase refuse(Database& database, std::string reason) {
  clear_report_checkpoint(database);
  return {std::nullopt, std::move(reason)};
}

}  // namespace

CheckpointBase checkpoint_before_load(Database& database, const Catalog& catalog,
                                      const Aggregates& run_totals, bool full_refresh, bool backfill,
                                      bool load_fact_events) {
  if (!load_fact_events) return refuse(database, "fact_events is not loaded (--no-fact-events)");
  if (backfill) return refuse(database, "a backfill replaces stored facts by date");
  const std::string settings = checkpoint_settings(catalog, run_totals);
  if (full_refresh) {
    clear_report_checkpoint(database);
    return {ReportCheckpoint{settings, 0, 0, {}}, ""};
  }
  const auto [fact_events, sales_facts] = stored_fact_counts(database);
  auto stored = read_report_checkpoint(database);
  if (!stored) {
    if (fact_events == 0 && sales_facts == 0) {
      clear_report_checkpoint(database);
      return {ReportCheckpoint{settings, 0, 0, {}}, ""};
    }
    return refuse(database, "no report checkpoint is stored yet");
  }
  if (stored->settings != settings)
    return refuse(database, "the catalog or the session settings changed since the checkpoint");
  if (stored->fact_events != fact_events || stored->sales_facts != sales_facts)
    return refuse(database,
                  fmt::format("the facts changed outside batch runs since the checkpoint ({} events "
                              "and {} sales stored, {} and {} checkpointed)",
                              fact_events, sales_facts, stored->fact_events, stored->sales_facts));
  return {std::move(stored), ""};
}

std::optional<ReportCheckpoint> checkpoint_after_load(
    Database& database, CheckpointBase& base, const Catalog& catalog, const Aggregates& run_totals,
    int64_t run_id, int64_t facts_deleted, int64_t fact_events_loaded, int64_t sales_facts_loaded,
    const std::function<bool(std::vector<Event>&)>& next_event_batch) {
  if (!base.checkpoint) return std::nullopt;
  int64_t run_events = 0;
  for (const int64_t count : run_totals.event_types.counts) run_events += count;
  std::string refused;
  if (facts_deleted > 0) {
    refused = "this run replaced facts loaded before";
  } else if (run_events != fact_events_loaded || run_totals.sales.purchases() != sales_facts_loaded) {
    refused = fmt::format("the load stored {} events and {} sales for {} and {} aggregated",
                          fact_events_loaded, sales_facts_loaded, run_events, run_totals.sales.purchases());
  }
  const AggregateOptions options{.session_gap_us = run_totals.sessions.gap_us(),
                                 .session_memory = run_totals.sessions.memory_budget(),
                                 .analytics = run_totals.analytics,
                                 .session_rows = run_totals.session_rows};
  Aggregates merged(catalog, options);
  if (refused.empty()) {
    StateReader reader(base.checkpoint->counters);
    if ((!base.checkpoint->counters.empty() && !merged.restore_counters(reader)) ||
        !restore_closed_sessions(*base.checkpoint, catalog, merged.sessions))
      refused = "the stored checkpoint does not fit the catalog";
  }
  // The open sessions go on with this run's events, which must not come
  // before a customer's last stored one (a late day): sessions already
  // closed could then change, and only a replay of every event cuts them.
  if (refused.empty() && merged.analytics) {
    std::vector<TimestampUs> last_stored(catalog.customers().size(), kNoStoredEvent);
    replay_checkpoint_events(database, [&](std::span<const Event> events) {
      merged.sessions.add(events);
      for (const Event& event : events)
        if (event.session_key == 0)
          last_stored[event.customer] = std::max(last_stored[event.customer], event.time);
    });
    std::vector<Event> batch;
    for (bool more = true; more && refused.empty();) {
      more = next_event_batch(batch);
      for (const Event& event : batch) {
        if (event.session_key != 0 || event.time >= last_stored[event.customer]) continue;
        refused = fmt::format("an event of customer {} at {} comes before the last one stored for them ({})",
                              catalog.customers()[event.customer].id, format_timestamp(event.time),
                              format_timestamp(last_stored[event.customer]));
        break;
      }
      merged.sessions.add(batch);
    }
  }
  if (!refused.empty()) {
    base = refuse(database, std::move(refused));
    return std::nullopt;
  }
  merged.sales.merge(run_totals.sales);
  merged.event_types.merge(run_totals.event_types);
  merged.trends.merge(run_totals.trends);
  merged.products.merge(run_totals.products);
  merged.customers.merge(run_totals.customers);
  StateWriter writer;
  merged.save_counters(writer);
  ReportCheckpoint next{base.checkpoint->settings,
                        base.checkpoint->fact_events + fact_events_loaded,
                        base.checkpoint->sales_facts + sales_facts_loaded,
                        writer.bytes(),
                        {}};
  spdlog::debug("report checkpoint: storing {} events and {} sales in all", next.fact_events,
                next.sales_facts);
  if (merged.analytics) {
    store_sessions(database, merged.sessions, merged.session_rows, run_id, next);
  } else {
    clear_checkpoint_events(database);
  }
  write_report_checkpoint(database, next);
  return next;
}

Aggregates aggregates_from_checkpoint(Database& database, const Catalog& catalog,
                                      const AggregateOptions& options, const ReportCheckpoint& checkpoint) {
  Aggregates everything(catalog, options);
  StateReader reader(checkpoint.counters);
  ECOMFLOW_CHECK(everything.restore_counters(reader));
  if (options.analytics) {
    ECOMFLOW_CHECK(restore_closed_sessions(checkpoint, catalog, everything.sessions));
    replay_checkpoint_events(database,
                             [&](std::span<const Event> events) { everything.sessions.add(events); });
  }
  return everything;
}

Aggregates replay_into_checkpoint(Database& database, const Catalog& catalog, const AggregateOptions& options,
                                  int64_t run_id) {
  Aggregates everything(catalog, options);
  with_transaction(database, [&] {
    clear_report_checkpoint(database);
    const auto [fact_events, sales_facts] = stored_fact_counts(database);
    int64_t skipped = 0;
    replay_fact_events(
        database, catalog, [&](std::span<const Event> batch) { everything.add(batch); }, &skipped);
    everything.sales = SalesState(catalog);
    replay_sales_facts(database, catalog, everything.sales);
    StateWriter writer;
    everything.save_counters(writer);
    ReportCheckpoint checkpoint{
        checkpoint_settings(catalog, everything), fact_events, sales_facts, writer.bytes(), {}};
    if (everything.analytics)
      store_sessions(database, everything.sessions, everything.session_rows, run_id, checkpoint);
    write_report_checkpoint(database, checkpoint);
  });
  return everything;
}

}  // namespace ecomflow
