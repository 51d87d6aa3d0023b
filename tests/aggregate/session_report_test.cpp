#include "aggregate/session_report.hpp"

#include <gtest/gtest.h>

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
  EXPECT_EQ(duration.max, 3 * 3600);
  EXPECT_DOUBLE_EQ(duration.mean(), (59.0 + 3 * 3600) / 3);

  const Distribution& events = report.events;
  EXPECT_EQ(events.bins[0].sessions, 1);
  EXPECT_EQ(events.bins[1].sessions, 1);
  EXPECT_EQ(events.bins[2].sessions, 1);
  EXPECT_EQ(events.min, 1);
  EXPECT_EQ(events.sum, 6);
  ASSERT_EQ(report.by_day.size(), 1u);
  EXPECT_EQ(format_date(report.by_day[0].first), "1970-01-01");
  EXPECT_EQ(report.by_day[0].second.viewed, 1);
  EXPECT_EQ(report.by_category[0].sessions, 1);
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

}  // namespace
}  // namespace ecomflow
