#include "stream/stream_sessions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "aggregate/session_state.hpp"

namespace ecomflow {
namespace {

constexpr TimestampUs kMinute = 60 * kMicrosPerSecond;
constexpr TimestampUs kGap = 30 * kMinute;

Catalog small_catalog() {
  Catalog catalog;
  catalog.add_customer("c001", 0, "VIP");
  catalog.add_customer("c002", 0, "New");
  catalog.add_product("p001", "Product Alpha 1", "Books", 2450, 5);
  return catalog;
}

Event event(uint32_t customer, TimestampUs time, EventType type = EventType::kViewProduct,
            int32_t quantity = 0, uint64_t session_key = 0) {
  Event e{};
  e.time = time;
  e.customer = customer;
  e.product = 0;
  e.type = type;
  e.quantity = quantity;
  e.session_key = session_key;
  return e;
}

/// The batch's sessions of `events` (SessionState, the code behind sessions.csv).
std::vector<Session> batch_sessions(const Catalog& catalog, const std::vector<Event>& events) {
  SessionState state(catalog, kGap);
  state.add(events);
  return state.report().sessions;
}

struct Changes {
  std::vector<SessionRow> rows;
  std::vector<SessionRowKey> removed;
};

Changes commit(StreamSessions& sessions) {
  Changes changes;
  sessions.collect_changes(changes.rows, changes.removed);
  sessions.mark_committed();
  return changes;
}

bool by_customer_start(const Session& a, const Session& b) {
  return a.customer != b.customer ? a.customer < b.customer
         : a.start != b.start     ? a.start < b.start
                                  : a.session_key < b.session_key;
}

TEST(StreamSessionsTest, OutOfOrderEventsCutTheBatchSessions) {
  const Catalog catalog = small_catalog();
  // Out of order: 10:40 arrives before 10:00 and 10:20, which bridges them into one session;
  // c002's two events are 31 minutes apart (two sessions); a keyed session ignores the gap.
  const std::vector<Event> events = {
      event(0, 40 * kMinute),
      event(0, 0),
      event(1, 0, EventType::kAddToCart, 2),
      event(0, 20 * kMinute, EventType::kPurchase, 3),
      event(1, 31 * kMinute),
      event(0, 5 * kMinute, EventType::kViewProduct, 0, 77),
      event(0, 300 * kMinute, EventType::kAddToCart, 1, 77),
  };
  StreamSessions sessions(catalog, kGap);
  std::vector<Session> streamed;
  for (const Event& e : events) sessions.add(e);
  sessions.close_all();
  for (const SessionRow& row : commit(sessions).rows) {
    EXPECT_FALSE(row.provisional);
    streamed.push_back(row.session);
  }
  std::sort(streamed.begin(), streamed.end(), by_customer_start);
  std::vector<Session> expected = batch_sessions(catalog, events);
  std::sort(expected.begin(), expected.end(), by_customer_start);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(streamed, expected);
  EXPECT_EQ(sessions.open_sessions(), 0u);
}

TEST(StreamSessionsTest, ManyOpenSessionsOfACustomerInAnyOrderCutTheBatchSessions) {
  // Hundreds of open sessions per customer, events arriving in a shuffled
  // order (bridging and extending sessions on both sides): the same sessions
  // as the batch, whatever the order.
  const Catalog catalog = small_catalog();
  std::mt19937 random(11);
  std::vector<Event> events;
  for (int i = 0; i < 4000; ++i)
    events.push_back(event(random() % 2, TimestampUs(random() % 150000) * kMinute,
                           i % 9 == 0 ? EventType::kPurchase : EventType::kViewProduct, i % 9 == 0 ? 1 : 0));
  std::vector<Session> expected = batch_sessions(catalog, events);
  std::sort(expected.begin(), expected.end(), by_customer_start);
  ASSERT_GT(expected.size(), 50u);
  for (int order = 0; order < 3; ++order) {
    std::shuffle(events.begin(), events.end(), random);
    StreamSessions sessions(catalog, kGap);
    for (const Event& e : events) sessions.add(e);
    sessions.close_all();
    std::vector<Session> streamed;
    for (const SessionRow& row : commit(sessions).rows) streamed.push_back(row.session);
    std::sort(streamed.begin(), streamed.end(), by_customer_start);
    EXPECT_EQ(streamed, expected);
  }
}

TEST(StreamSessionsTest, OpenSessionsAreProvisionalAndMovedRowsAreRemoved) {
  const Catalog catalog = small_catalog();
  StreamSessions sessions(catalog, kGap);
  sessions.add(event(0, 100 * kMinute));
  sessions.add(event(0, 160 * kMinute));
  Changes first = commit(sessions);
  ASSERT_EQ(first.rows.size(), 2u);
  EXPECT_TRUE(first.rows[0].provisional && first.rows[1].provisional);
  EXPECT_TRUE(first.removed.empty());

  // 130 joins both open sessions: the one stored under 160 is removed, the
  // one under 100 grows.
  sessions.add(event(0, 130 * kMinute));
  Changes second = commit(sessions);
  ASSERT_EQ(second.removed.size(), 1u);
  EXPECT_EQ(second.removed[0].start, 160 * kMinute);
  ASSERT_EQ(second.rows.size(), 1u);
  EXPECT_EQ(second.rows[0].session.start, 100 * kMinute);
  EXPECT_EQ(second.rows[0].session.events, 3);
  EXPECT_TRUE(second.rows[0].provisional);

  // An earlier event moves the start: the row under the old start goes.
  sessions.add(event(0, 80 * kMinute));
  Changes third = commit(sessions);
  ASSERT_EQ(third.removed.size(), 1u);
  EXPECT_EQ(third.removed[0].start, 100 * kMinute);
  EXPECT_EQ(third.rows.at(0).session.start, 80 * kMinute);

  // Not yet closable: the last event is 160, so the watermark must pass 190.
  sessions.close_until(190 * kMinute);
  EXPECT_FALSE(sessions.has_changes());
  sessions.close_until(190 * kMinute + 1);
  Changes closed = commit(sessions);
  ASSERT_EQ(closed.rows.size(), 1u);
  EXPECT_FALSE(closed.rows[0].provisional);
  EXPECT_EQ(closed.rows[0].session.events, 4);
  EXPECT_TRUE(closed.removed.empty());
  EXPECT_EQ(sessions.open_sessions(), 0u);
  EXPECT_EQ(sessions.state_bytes(), 0u);
}

TEST(StreamSessionsTest, RebuiltSessionsHandNothingOutAndKnowTheirRows) {
  const Catalog catalog = small_catalog();
  StreamSessions sessions(catalog, kGap);
  sessions.set_rebuilding(true);
  sessions.add(event(0, 0));
  sessions.add(event(1, 0));
  sessions.close_until(31 * kMinute);  // both close while rebuilding: stored already
  sessions.add(event(0, 40 * kMinute));
  sessions.set_rebuilding(false);
  EXPECT_FALSE(sessions.has_changes());
  EXPECT_EQ(sessions.open_sessions(), 1u);
  // The open session's stored row is known: an earlier event replaces it.
  sessions.add(event(0, 35 * kMinute));
  Changes changes = commit(sessions);
  ASSERT_EQ(changes.removed.size(), 1u);
  EXPECT_EQ(changes.removed[0].start, 40 * kMinute);
  ASSERT_EQ(changes.rows.size(), 1u);
  EXPECT_EQ(changes.rows[0].session.start, 35 * kMinute);
}

}  // namespace
}  // namespace ecomflow
