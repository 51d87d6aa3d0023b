#include "aggregate/session_state.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace ecomflow {
namespace {

Catalog session_catalog() {
  Catalog catalog;
  catalog.add_customer("c1", 0, "VIP");
  catalog.add_customer("c2", 0, "New");
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Toys", 2500, 1);
  return catalog;
}

Event at(uint32_t customer, const char* timestamp, EventType type, uint32_t product = 0, int32_t quantity = 1,
         uint64_t session_key = 0) {
  Event event{};
  event.time = *parse_timestamp(timestamp);
  event.customer = customer;
  event.type = type;
  event.product = type == EventType::kPageView ? kNoProduct : product;
  event.quantity = type == EventType::kViewProduct ? 0 : quantity;
  event.session_key = session_key;
  return event;
}

TEST(SessionStateTest, GapSplitsSessionsAndBouncesAreSingleEvents) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog);
  state.add(std::vector<Event>{
      at(0, "2023-10-23T10:00:00", EventType::kViewProduct),
      at(0, "2023-10-23T10:29:00", EventType::kAddToCart),
      at(0, "2023-10-23T10:59:00", EventType::kPurchase, 0, 2),  // 30 min gap: same session
      at(0, "2023-10-23T11:29:01", EventType::kViewProduct),     // 30 min 1 s: a new one
  });
  const SessionReport report = state.report();
  ASSERT_EQ(report.sessions.size(), 2u);
  const Session& first = report.sessions[0];
  EXPECT_EQ(first.events, 3);
  EXPECT_EQ(first.duration_seconds(), 59 * 60);
  EXPECT_TRUE(first.converted);
  EXPECT_FALSE(first.bounced);
  EXPECT_EQ(first.revenue, 2000);
  EXPECT_EQ(first.units, 2);
  EXPECT_EQ(first.products_viewed, 1);
  EXPECT_TRUE(report.sessions[1].bounced);
  EXPECT_EQ(report.sessions[1].duration_seconds(), 0);
  EXPECT_EQ(report.overall.sessions, 2);
  EXPECT_EQ(report.overall.purchased, 1);
  EXPECT_EQ(report.overall.viewed, 2);
}

TEST(SessionStateTest, ConfiguredGap) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog, 5 * 60 * kMicrosPerSecond);
  state.add(std::vector<Event>{at(0, "2023-10-23T10:00:00", EventType::kPageView),
                               at(0, "2023-10-23T10:06:00", EventType::kPageView)});
  EXPECT_EQ(state.report().overall.sessions, 2);
}

TEST(SessionStateTest, LateEventLandsInItsSession) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog);
  state.add(std::vector<Event>{at(0, "2023-10-23T10:00:00", EventType::kViewProduct),
                               at(0, "2023-10-23T11:00:00", EventType::kViewProduct)});
  // Arrives last, from another file: bridges the hour so both views join one session.
  state.add(std::vector<Event>{at(0, "2023-10-23T10:30:00", EventType::kAddToCart)});
  const SessionReport report = state.report();
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_EQ(report.sessions[0].events, 3);
  EXPECT_EQ(format_timestamp(report.sessions[0].start), "2023-10-23T10:00:00Z");
  EXPECT_TRUE(report.sessions[0].abandoned);
}

TEST(SessionStateTest, AbandonedCartValueAndProducts) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog);
  state.add(std::vector<Event>{
      at(0, "2023-10-23T10:00:00", EventType::kAddToCart, 0, 3),
      at(0, "2023-10-23T10:01:00", EventType::kRemoveFromCart, 0, 1),
      at(0, "2023-10-23T10:02:00", EventType::kAddToCart, 1, 1),
      at(0, "2023-10-23T10:03:00", EventType::kRemoveFromCart, 1, 4),  // more than added: floor 0
      at(1, "2023-10-23T10:00:00", EventType::kAddToCart, 1, 1),
      at(1, "2023-10-23T10:05:00", EventType::kPurchase, 1, 1),  // converted: not abandoned
  });
  const SessionReport report = state.report();
  ASSERT_EQ(report.sessions.size(), 2u);
  const Session& abandoned = report.sessions[0].customer == 0 ? report.sessions[0] : report.sessions[1];
  EXPECT_TRUE(abandoned.abandoned);
  EXPECT_EQ(abandoned.abandoned_value, 2 * 1000);
  EXPECT_EQ(abandoned.products_added, 2);
  EXPECT_EQ(report.overall.added, 2);
  EXPECT_EQ(report.overall.abandoned, 1);
  EXPECT_DOUBLE_EQ(report.overall.abandonment_rate(), 0.5);
  EXPECT_EQ(report.overall.abandoned_value, 2000);
  ASSERT_EQ(report.abandoned_products.size(), 1u);
  EXPECT_EQ(catalog.products()[report.abandoned_products[0].product].id, "p1");
  EXPECT_EQ(report.abandoned_products[0].units, 2);
  EXPECT_EQ(report.by_category[0].abandoned, 1);  // Books
  EXPECT_EQ(report.by_category[1].abandoned, 1);  // Toys: added and left nothing, still an abandoned cart
  EXPECT_EQ(report.by_category[1].abandoned_value, 0);
  EXPECT_EQ(report.by_category[1].purchased, 1);
}

TEST(SessionStateTest, SessionIdsGroupRegardlessOfGapAndApartFromGapSessions) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog);
  state.add(std::vector<Event>{
      at(0, "2023-10-23T10:00:00", EventType::kViewProduct, 0, 0, 42),
      at(0, "2023-10-23T10:05:00", EventType::kViewProduct),  // no session_id: its own gap session
      at(0, "2023-10-23T13:00:00", EventType::kPurchase, 0, 1, 42),
      at(1, "2023-10-23T10:00:00", EventType::kViewProduct, 0, 0, 42),  // same id, other customer
  });
  const SessionReport report = state.report();
  ASSERT_EQ(report.sessions.size(), 3u);
  EXPECT_EQ(report.sessions[0].customer, 0u);
  EXPECT_EQ(report.sessions[0].session_key, 42u);
  EXPECT_EQ(report.sessions[0].events, 2);
  EXPECT_EQ(report.sessions[0].duration_seconds(), 3 * 3600);
  EXPECT_TRUE(report.sessions[0].converted);
  // Rows go by customer, then start.
  EXPECT_EQ(report.sessions[1].customer, 0u);
  EXPECT_EQ(report.sessions[1].session_key, 0u);
  EXPECT_TRUE(report.sessions[1].bounced);
  EXPECT_EQ(report.sessions[2].customer, 1u);
  EXPECT_EQ(report.sessions[2].session_key, 42u);
}

TEST(SessionStateTest, RowLimitKeepsCountsWhole) {
  const Catalog catalog = session_catalog();
  SessionState state(catalog);
  state.add(std::vector<Event>{at(0, "2023-10-23T10:00:00", EventType::kPageView),
                               at(0, "2023-10-23T12:00:00", EventType::kPageView),
                               at(1, "2023-10-23T12:00:00", EventType::kPageView)});
  const SessionReport report = state.report(2);
  EXPECT_EQ(report.sessions.size(), 2u);
  EXPECT_EQ(report.sessions_left_out, 1);
  EXPECT_EQ(report.overall.sessions, 3);
}

TEST(SessionStateTest, MergeOfShuffledRandomSplitEqualsOnePass) {
  const Catalog catalog = session_catalog();
  std::mt19937_64 random(5);
  std::vector<Event> all, left, right;
  const TimestampUs base = *parse_timestamp("2023-10-23T00:00:00");
  for (int i = 0; i < 4000; ++i) {
    Event event{};
    event.time = base + TimestampUs(random() % (2 * kMicrosPerDay));
    event.customer = uint32_t(random() % 2);
    event.type = EventType(random() % kEventTypeCount);
    event.product = event.type == EventType::kPageView ? kNoProduct : uint32_t(random() % 2);
    event.quantity = int32_t(1 + random() % 3);
    event.session_key = random() % 4 == 0 ? 1 + random() % 20 : 0;
    all.push_back(event);
    (random() % 2 ? left : right).push_back(event);
  }
  std::shuffle(left.begin(), left.end(), random);
  std::shuffle(right.begin(), right.end(), random);
  SessionState whole(catalog), merged(catalog), other(catalog);
  whole.add(all);
  merged.add(left);
  other.add(right);
  merged.merge(other);
  const SessionReport expected = whole.report();
  EXPECT_GT(expected.overall.sessions, 40);
  EXPECT_EQ(expected, merged.report());
  EXPECT_EQ(whole.events(), merged.events());
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

Catalog many_customers(int count) {
  Catalog catalog;
  for (int i = 0; i < count; ++i) catalog.add_customer(fmt::format("c{}", i), 0, i % 2 ? "VIP" : "New");
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Toys", 2500, 1);
  return catalog;
}

/// Enough events that every partition's log fills several chunks; a tenth carry a session_id.
std::vector<Event> busy_events(const Catalog& catalog, size_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Event> events(count);
  const TimestampUs base = *parse_timestamp("2023-10-23T00:00:00");
  for (size_t i = 0; i < count; ++i) {
    Event& event = events[i];
    event.time = base + TimestampUs(i) * kMicrosPerSecond + TimestampUs(random() % (600 * kMicrosPerSecond));
    event.customer = uint32_t(random() % catalog.customers().size());
    event.type = EventType(random() % kEventTypeCount);
    event.product = event.type == EventType::kPageView ? kNoProduct : uint32_t(random() % 2);
    event.quantity = event.type == EventType::kViewProduct ? 0 : int32_t(1 + random() % 3);
    event.session_key = random() % 10 == 0 ? 1 + random() % 5000 : 0;
  }
  return events;
}

void add_in_batches(SessionState& state, std::span<const Event> events) {
  for (size_t offset = 0; offset < events.size(); offset += 8192)
    state.add(events.subspan(offset, std::min<size_t>(8192, events.size() - offset)));
}

TEST(SessionSpillTest, SpilledLogGivesTheSameReport) {
  const Catalog catalog = many_customers(64);
  const std::vector<Event> events = busy_events(catalog, 600'000, 11);
  SessionState whole(catalog, kDefaultSessionGapUs, 0);
  SessionState spilled(catalog, kDefaultSessionGapUs, 1);  // spills at every batch
  add_in_batches(whole, events);
  add_in_batches(spilled, events);
  EXPECT_EQ(whole.spilled_events(), 0);
  EXPECT_GT(spilled.spilled_events(), int64_t(events.size() / 2));
  EXPECT_EQ(spilled.events(), int64_t(events.size()));
  // In memory: at most the chunks being filled, two per partition.
  EXPECT_LE(spilled.memory_bytes(), SessionState::kPartitions * 2 * 16384 * 28);
  EXPECT_GT(whole.memory_bytes(), size_t(600'000 * 20));
  // A 1-byte budget also cuts every partition one customer at a time, and
  // three threads split partitions between them (16 of 4 customers each):
  // neither changes the report.
  const SessionReport expected = whole.report(5000, 1);
  EXPECT_GT(expected.overall.sessions, 10'000);
  for (const int threads : {1, 2, 3}) {
    EXPECT_EQ(expected, whole.report(5000, threads)) << threads;
    EXPECT_EQ(expected, spilled.report(5000, threads)) << threads;
  }
}

TEST(SessionSpillTest, AReportJobsPartsMayBeCutInAnyOrder) {
  const Catalog catalog = many_customers(64);
  const std::vector<Event> events = busy_events(catalog, 300'000, 5);
  SessionState state(catalog, kDefaultSessionGapUs, 1);
  add_in_batches(state, events);
  // Half the sessions keep a row: all of the first part's, some of the second's.
  const size_t rows = size_t(state.report(0, 1).overall.sessions / 2);
  const SessionReport expected = state.report(rows, 1);
  SessionState::ReportJob job = state.report_job(rows, 3);
  ASSERT_EQ(job.parts(), 3u);
  std::thread last([&] { job.cut(2); });
  last.join();
  job.cut(0);
  job.cut(1);
  EXPECT_EQ(expected, job.finish());
  // Few events for many parts: one part.
  SessionState small(catalog);
  small.add(std::span(events).first(1000));
  EXPECT_EQ(small.report_job(5000, 8).parts(), 1u);
}

TEST(SessionSpillTest, PartsAfterOneThatFillsTheRowLimitKeepNoRows) {
  const Catalog catalog = many_customers(64);
  const std::vector<Event> events = busy_events(catalog, 300'000, 5);
  SessionState state(catalog);
  add_in_batches(state, events);
  // Fewer rows than the first of three parts has sessions: once it is cut,
  // the later parts keep none; cut before it, they keep theirs for nothing.
  const size_t rows = size_t(state.report(0, 1).overall.sessions / 6);
  const SessionReport expected = state.report(rows, 1);
  ASSERT_EQ(expected.sessions.size(), rows);
  for (const std::vector<size_t>& order : {std::vector<size_t>{0, 1, 2}, std::vector<size_t>{2, 1, 0}}) {
    SessionState::ReportJob job = state.report_job(rows, 3);
    ASSERT_EQ(job.parts(), 3u);
    for (const size_t part : order) job.cut(part);
    EXPECT_EQ(expected, job.finish()) << order.front();
  }
}

TEST(SessionSpillTest, MergedSpilledLogsGiveTheSameReport) {
  const Catalog catalog =
      many_customers(4);  // four partitions: every part below fills more than a chunk of each
  const std::vector<Event> events = busy_events(catalog, 400'000, 12);
  const std::span<const Event> all(events);
  SessionState whole(catalog, kDefaultSessionGapUs, 0);
  add_in_batches(whole, all);
  SessionState first(catalog, kDefaultSessionGapUs, 1), second(catalog, kDefaultSessionGapUs, 1),
      third(catalog, kDefaultSessionGapUs, 1);
  add_in_batches(first, all.first(150'000));
  add_in_batches(second, all.subspan(150'000, 150'000));
  add_in_batches(third, all.subspan(300'000));
  const int64_t second_spilled = second.spilled_events();
  EXPECT_GT(first.spilled_events(), 0);
  EXPECT_GT(second_spilled, 0);
  SessionState merged(catalog, kDefaultSessionGapUs, 1);
  merged.merge(first);              // copies the references to first's spilled runs
  merged.merge(std::move(second));  // takes them over
  merged.merge(third);
  EXPECT_EQ(merged.spilled_events(), first.spilled_events() + second_spilled + third.spilled_events());
  EXPECT_EQ(second.events(), 0);  // NOLINT(bugprone-use-after-move): the log was taken over
  EXPECT_EQ(whole.report(5000, 2), merged.report(5000, 2));
  // The copies still read their own runs.
  SessionState first_alone(catalog, kDefaultSessionGapUs, 0);
  add_in_batches(first_alone, all.first(150'000));
  EXPECT_EQ(first_alone.report(), first.report());
}

TEST(SessionSpillTest, UnusableTmpdirIsAUserError) {
  const Catalog catalog = many_customers(1);
  const char* previous = std::getenv("TMPDIR");
  const std::string saved = previous != nullptr ? previous : "";
  ::setenv("TMPDIR", "/nonexistent-ecomflow-tmpdir", 1);
  SessionState state(catalog, kDefaultSessionGapUs, 1);
  std::string message;
  try {
    add_in_batches(state, busy_events(catalog, 40'000, 13));
  } catch (const UserError& error) {
    message = error.what();
  }
  if (previous != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_NE(message.find("cannot create the session log spill file in '/nonexistent-ecomflow-tmpdir'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--session-memory"), std::string::npos) << message;
  // Nothing is lost: the chunks that could not be written stay in memory.
  EXPECT_GT(state.events(), 16384);
  EXPECT_EQ(state.report().events.sum, state.events());
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

/// The carried sessions taken up again: closed ones as a report (written
/// and read back, as a checkpoint does), open ones as events.
SessionState resume(const Catalog& catalog, const SessionCarry& carry) {
  StateWriter writer;
  save_session_report(carry.closed, writer);
  StateReader reader(writer.bytes());
  SessionReport closed;
  EXPECT_TRUE(restore_session_report(reader, catalog, closed));
  EXPECT_TRUE(reader.complete());
  EXPECT_EQ(closed, carry.closed);
  SessionState state(catalog);
  state.set_closed(std::move(closed));
  state.add(carry.open);
  return state;
}

/// busy_events() 60 times as far apart: a customer's events about 40 minutes
/// apart on average, so the gap cuts many sessions.
std::vector<Event> sparse_events(const Catalog& catalog, size_t count, uint64_t seed) {
  std::vector<Event> events = busy_events(catalog, count, seed);
  const TimestampUs base = *parse_timestamp("2023-10-23T00:00:00");
  for (Event& event : events) event.time = base + (event.time - base) * 60;
  return events;
}

TEST(SessionCarryTest, ClosedAndOpenSessionsGiveTheWholeReport) {
  const Catalog catalog = many_customers(40);
  const std::vector<Event> events = sparse_events(catalog, 60'000, 3);
  SessionState whole(catalog);
  add_in_batches(whole, events);
  const SessionCarry carry = whole.close_sessions(500);
  EXPECT_GT(carry.closed.overall.sessions, 1000);
  EXPECT_LT(carry.open.size(), events.size() / 5);  // the last session of 40 customers, and session_id events
  const SessionState resumed = resume(catalog, carry);
  for (const size_t rows : {size_t(0), size_t(7), size_t(500)})
    EXPECT_EQ(whole.report(rows), resumed.report(rows, 2)) << rows;
}

TEST(SessionCarryTest, DaysAddedInTurnEqualOnePass) {
  // Days in time order, each customer's next day after its last event: the
  // open session goes on across the boundary whenever the gap allows.
  const Catalog catalog = many_customers(40);
  std::vector<Event> events = sparse_events(catalog, 90'000, 8);
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
  SessionState whole(catalog);
  add_in_batches(whole, events);
  SessionCarry carry;
  for (size_t day = 0; day < 3; ++day) {
    SessionState state = resume(catalog, carry);
    add_in_batches(state, std::span(events).subspan(day * 30'000, 30'000));
    carry = state.close_sessions(300);
  }
  const SessionState resumed = resume(catalog, carry);
  EXPECT_EQ(whole.report(300), resumed.report(300));
  EXPECT_EQ(whole.report(300).sessions_left_out, resumed.report(300).sessions_left_out);
}

}  // namespace
}  // namespace ecomflow
