/// Sessions as the pipeline computes them: two workers log a year of
/// seed-001-shaped events (100 customers, about one event per customer every
/// half hour, so most sessions are short) and their states merge
/// (BM_SessionsAdd); the report cuts and summarises every session on one or
/// two threads (BM_SessionsReport, timed apart so that its scaling shows).

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <random>
#include <vector>

#include "aggregate/session_state.hpp"
#include "core/catalog.hpp"

namespace ecomflow::bench {
namespace {

Catalog session_catalog() {
  const char* categories[] = {"Electronics", "Books", "Clothing", "Home & Garden", "Sports & Outdoors"};
  Catalog catalog;
  for (int i = 1; i <= 100; ++i) catalog.add_customer(fmt::format("c{:03}", i), 0, "Regular");
  for (int i = 1; i <= 50; ++i)
    catalog.add_product(fmt::format("p{:03}", i), "Product", categories[i % 5], Cents{1000 + 997 * i}, 10);
  return catalog;
}

/// `count` events in time order, customers interleaved, with the generator's
/// mix of event types (70% views, 25% carts, 5% purchases), spread so that
/// sessions average 1.8 events like the benchmark data.
std::vector<Event> year_of_events(size_t count) {
  std::mt19937_64 random(42);
  std::uniform_int_distribution<uint32_t> customer(0, 99), product(0, 49), quantity(1, 3), percent(0, 99);
  const int64_t step = 620LL * 86400 * kMicrosPerSecond / int64_t(count);
  std::vector<Event> events(count);
  TimestampUs time = TimestampUs(19723LL * 86400 * kMicrosPerSecond);
  for (Event& event : events) {
    time += step;
    const uint32_t roll = percent(random);
    event.time = time;
    event.customer = customer(random);
    event.product = product(random);
    event.type = roll < 70   ? EventType::kViewProduct
                 : roll < 95 ? EventType::kAddToCart
                             : EventType::kPurchase;
    event.quantity = event.type == EventType::kViewProduct ? 0 : int32_t(quantity(random));
  }
  return events;
}

/// Two workers' states, each fed every other week of `events` in batches
/// of 1000 as the pipeline's workers are, merged into the first.
SessionState logged_year(const Catalog& catalog, const std::vector<Event>& events) {
  const size_t week = events.size() / 52;
  SessionState first(catalog), second(catalog);
  for (size_t begin = 0; begin < events.size(); begin += week) {
    SessionState& worker = (begin / week) % 2 == 0 ? first : second;
    const size_t end = std::min(events.size(), begin + week);
    for (size_t batch = begin; batch < end; batch += 1000)
      worker.add(std::span(events).subspan(batch, std::min<size_t>(1000, end - batch)));
  }
  first.merge(std::move(second));
  return first;
}

void BM_SessionsAdd(benchmark::State& state) {
  const Catalog catalog = session_catalog();
  const std::vector<Event> events = year_of_events(size_t(state.range(0)));
  for (auto _ : state) {
    const SessionState logged = logged_year(catalog, events);
    benchmark::DoNotOptimize(logged.events());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SessionsAdd)->Arg(1'820'000)->ArgName("events")->Unit(benchmark::kMillisecond);

/// The report alone (cut, fold, row merge) of one logged state, which
/// report() leaves as it was, so each iteration does the same work.
void BM_SessionsReport(benchmark::State& state) {
  const Catalog catalog = session_catalog();
  const SessionState logged = logged_year(catalog, year_of_events(size_t(state.range(0))));
  int64_t sessions = 0;
  for (auto _ : state) {
    const SessionReport report = logged.report(100'000, int(state.range(1)));
    sessions = report.overall.sessions;
    benchmark::DoNotOptimize(report.sessions.data());
  }
  state.counters["sessions"] = double(sessions);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SessionsReport)
    ->ArgsProduct({{1'820'000}, {1, 2}})
    ->ArgNames({"events", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecomflow::bench
