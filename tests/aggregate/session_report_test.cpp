#include "aggregate/session_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

namespace ecomflow {
namespace {

SessionEvent session_event(int64_t seconds, EventType type, uint32_t product = kNoProduct,
                           uint32_t quantity = 0) {
  return SessionEvent{seconds * kMicrosPerSecond, product, quantity, uint32_t(type)};
}

TEST(SessionReportTest, DistributionBinsAndStatistics) {
  Catalog catalog;
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  SessionReportBuilder builder(catalog, 10);
  const std::vector<SessionEvent> bounce = {session_event(0, EventType::kPageView)};
  const std::vector<SessionEvent> short_visit = {session_event(100, EventType::kPageView),
                                                 session_event(159, EventType::kViewProduct, 0)};
  const std::vector<SessionEvent> long_visit = {session_event(1000, EventType::kPageView),
                                                session_event(1000 + 2 * 3600, EventType::kPageView),
                                                session_event(1000 + 3 * 3600, EventType::kPageView)};
  builder.add_session(0, 0, bounce);
  builder.add_session(0, 0, short_visit);
  builder.add_session(0, 0, long_visit);
  const SessionReport report = builder.finish();

  const Distribution& duration = report.duration_seconds;
  EXPECT_EQ(duration.bins[0].sessions, 1);      // [0, 1 s)
  EXPECT_EQ(duration.bins[1].sessions, 1);      // [1 s, 60 s): 59 s
  EXPECT_EQ(duration.bins.back().sessions, 1);  // 3 h ≥ 120 min
  EXPECT_EQ(duration.bins.back().upper, INT64_MAX);
  EXPECT_EQ(duration.count, 3);
  EXPECT_EQ(duration.min, 0);  // the bounce
  EXPECT_EQ(duration.max, 3 * 3600);
  EXPECT_DOUBLE_EQ(duration.mean(), (59.0 + 3 * 3600) / 3);

  const Distribution& events = report.events;
  EXPECT_EQ(events.bins[0].sessions, 1);
  EXPECT_EQ(events.bins[1].sessions, 1);
  EXPECT_EQ(events.bins[2].sessions, 1);
  EXPECT_EQ(events.min, 1);
  EXPECT_EQ(events.max, 3);
  EXPECT_EQ(events.sum, 6);
  ASSERT_EQ(report.by_day.size(), 1u);
  EXPECT_EQ(format_date(report.by_day[0].first), "1970-01-01");
  EXPECT_EQ(report.by_day[0].second.viewed, 1);
  EXPECT_EQ(report.by_category[0].sessions, 1);
}

TEST(SessionReportTest, DistributionsWithoutBouncesOrOnlyBounces) {
  Catalog catalog;
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  SessionReportBuilder visits(catalog, 10);
  visits.add_session(
      0, 0,
      std::vector{session_event(100, EventType::kPageView), session_event(159, EventType::kViewProduct, 0)});
  const SessionReport with_visits = visits.finish();
  EXPECT_EQ(with_visits.duration_seconds.min, 59);
  EXPECT_EQ(with_visits.events.min, 2);
  EXPECT_EQ(with_visits.events.bins[0].sessions, 0);

  SessionReportBuilder bounces(catalog, 10);
  bounces.add_session(0, 0, std::vector{session_event(5, EventType::kPageView)});
  bounces.add_session(0, 0, std::vector{session_event(9000, EventType::kViewProduct, 0)});
  SessionReportBuilder more_bounces(catalog, 10);
  more_bounces.add_session(1, 0, std::vector{session_event(20, EventType::kPageView)});
  bounces.merge(std::move(more_bounces));
  const SessionReport only_bounces = bounces.finish();
  EXPECT_EQ(only_bounces.duration_seconds.count, 3);
  EXPECT_EQ(only_bounces.duration_seconds.bins[0].sessions, 3);
  EXPECT_EQ(only_bounces.duration_seconds.max, 0);
  EXPECT_EQ(only_bounces.events.sum, 3);
  EXPECT_EQ(only_bounces.events.max, 1);

  const SessionReport none = SessionReportBuilder(catalog, 10).finish();
  EXPECT_EQ(none.duration_seconds.count, 0);
  EXPECT_EQ(none.duration_seconds.min, 0);
  EXPECT_EQ(none.events.max, 0);
  EXPECT_EQ(none.events.bins.size(), 8u);
}

TEST(SessionReportTest, SessionTouchingEveryProductTwice) {
  Catalog catalog;
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Games", 500, 1);
  SessionReportBuilder builder(catalog, 10);
  builder.add_session(
      0, 0,
      std::vector{session_event(1, EventType::kViewProduct, 0), session_event(2, EventType::kViewProduct, 1),
                  session_event(3, EventType::kAddToCart, 0, 2),
                  session_event(4, EventType::kAddToCart, 1, 1),
                  session_event(5, EventType::kViewProduct, 0)});
  const SessionReport report = builder.finish();
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_EQ(report.sessions[0].products_viewed, 2);
  EXPECT_EQ(report.sessions[0].products_added, 2);
  EXPECT_EQ(report.sessions[0].abandoned_value, 2 * 1000 + 500);
  EXPECT_EQ(report.by_category[0].abandoned, 1);
  EXPECT_EQ(report.by_category[1].abandoned_value, 500);
}

TEST(SessionReportTest, SessionDayIsTheStartDay) {
  Catalog catalog;
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  SessionReportBuilder builder(catalog, 10);
  const std::vector<SessionEvent> across_midnight = {
      session_event(kSecondsPerDay - 60, EventType::kAddToCart, 0, 1),
      session_event(kSecondsPerDay + 60, EventType::kPurchase, 0, 1)};
  builder.add_session(0, 0, across_midnight);
  const SessionReport report = builder.finish();
  ASSERT_EQ(report.by_day.size(), 1u);
  EXPECT_EQ(report.by_day[0].first, 0);
  EXPECT_EQ(report.by_day[0].second.purchased, 1);
  EXPECT_EQ(report.sessions[0].revenue, 1000);
}

/// Session figures worked out the plain way, one session at a time.
struct NaiveSession {
  Session row{};
  std::map<uint32_t, int64_t> left_in_cart;    ///< product -> units added minus removed
  std::map<uint16_t, uint8_t> category_steps;  ///< bit 1 viewed, 2 added, 4 purchased
};

NaiveSession naive_session(const Catalog& catalog, uint32_t customer,
                           const std::vector<SessionEvent>& events) {
  NaiveSession naive;
  Session& row = naive.row;
  row.customer = customer;
  row.start = events.front().time;
  row.end = events.back().time;
  row.events = int64_t(events.size());
  std::set<uint32_t> viewed, added, purchased;
  for (const SessionEvent& event : events) {
    if (event.product == kNoProduct) continue;
    const Product& product = catalog.products()[event.product];
    uint8_t& steps = naive.category_steps[product.category_index];
    int64_t& left = naive.left_in_cart[event.product];
    switch (EventType(event.type)) {
      case EventType::kViewProduct:
        viewed.insert(event.product);
        steps |= 1;
        break;
      case EventType::kAddToCart:
        added.insert(event.product);
        steps |= 2;
        left += event.quantity;
        break;
      case EventType::kRemoveFromCart:
        left -= event.quantity;
        break;
      case EventType::kPurchase:
        purchased.insert(event.product);
        steps |= 4;
        row.units += event.quantity;
        row.revenue += int64_t(event.quantity) * product.price;
        break;
      default:
        break;
    }
  }
  row.products_viewed = int64_t(viewed.size());
  row.products_added = int64_t(added.size());
  row.products_purchased = int64_t(purchased.size());
  row.converted = !purchased.empty();
  row.bounced = events.size() == 1;
  row.abandoned = !added.empty() && purchased.empty();
  for (const auto& [product, left] : naive.left_in_cart) {
    if (row.abandoned && left > 0) row.abandoned_value += left * catalog.products()[product].price;
  }
  return naive;
}

TEST(SessionReportTest, MatchesAPlainFoldOfRandomSessions) {
  // Over half of real sessions are one event, so short sessions of every
  // event type, with and without a product and with zero quantities, are
  // drawn most often.
  Catalog catalog;
  catalog.add_product("p1", "Alpha", "Books", 1000, 1);
  catalog.add_product("p2", "Beta", "Books", 250, 1);
  catalog.add_product("p3", "Gamma", "Garden", 4999, 1);
  std::mt19937_64 random(7);
  SessionReportBuilder builder(catalog, 1'000'000);
  SessionCounts overall;
  std::vector<SessionCounts> by_category(catalog.categories().size());
  std::map<uint32_t, AbandonedProduct> abandoned;
  std::vector<Session> rows;
  // Sessions are added out of order, customers taking turns and hours
  // shuffled, two at a time starting at the same second for two customers:
  // the rows come out by customer, then start.
  std::vector<int> hours(2500);
  std::iota(hours.begin(), hours.end(), 0);
  std::shuffle(hours.begin(), hours.end(), random);
  for (int i = 0; i < 5000; ++i) {
    std::vector<SessionEvent> events(random() % 2 == 0 ? 2 + random() % 4 : 1);
    TimestampUs time = TimestampUs(hours[size_t(i / 2)]) * 3600 * kMicrosPerSecond;
    for (SessionEvent& event : events) {
      if (&event != &events.front()) time += TimestampUs(random() % 600) * kMicrosPerSecond;
      const uint32_t product = random() % 4 == 0 ? kNoProduct : uint32_t(random() % 3);
      event = SessionEvent{time, product, uint32_t(random() % 3), uint32_t(random() % 5)};
    }
    const uint32_t customer = uint32_t(i % 7);
    builder.add_session(customer, 0, events);

    const NaiveSession naive = naive_session(catalog, customer, events);
    const Session& row = naive.row;
    rows.push_back(row);
    auto count = [&](SessionCounts& counts, uint8_t steps, bool abandoned_here, Cents value) {
      ++counts.sessions;
      counts.viewed += (steps & 1) != 0;
      counts.added += (steps & 2) != 0;
      counts.purchased += (steps & 4) != 0;
      counts.abandoned += abandoned_here;
      counts.abandoned_value += value;
    };
    uint8_t session_steps = 0;
    for (const auto& [category, steps] : naive.category_steps) {
      session_steps |= steps;
      Cents value = 0;
      for (const auto& [product, left] : naive.left_in_cart) {
        if (row.abandoned && left > 0 && catalog.products()[product].category_index == category)
          value += left * catalog.products()[product].price;
      }
      count(by_category[category], steps, row.abandoned && (steps & 2) != 0, value);
    }
    count(overall, session_steps, row.abandoned, row.abandoned_value);
    for (const auto& [product, left] : naive.left_in_cart) {
      if (!row.abandoned || left <= 0) continue;
      AbandonedProduct& slot = abandoned[product];
      slot.product = product;
      ++slot.sessions;
      slot.units += left;
      slot.value += left * catalog.products()[product].price;
    }
  }
  const SessionReport report = builder.finish();

  EXPECT_EQ(report.overall, overall);
  EXPECT_EQ(report.by_category, by_category);
  std::stable_sort(rows.begin(), rows.end(), [](const Session& a, const Session& b) {
    return std::tie(a.customer, a.start) < std::tie(b.customer, b.start);
  });
  ASSERT_EQ(report.sessions.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) ASSERT_EQ(report.sessions[i], rows[i]) << "session " << i;
  ASSERT_EQ(report.abandoned_products.size(), abandoned.size());
  for (const AbandonedProduct& product : report.abandoned_products)
    EXPECT_EQ(product, abandoned[product.product]);
  EXPECT_GT(overall.abandoned, 0);
  EXPECT_GT(overall.purchased, 0);
}

}  // namespace
}  // namespace ecomflow
