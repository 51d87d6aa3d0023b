#include "aggregate/trend_state.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ecomflow {
namespace {

Catalog trend_catalog() {
  Catalog catalog;
  catalog.add_customer("c1", 0, "VIP");
  catalog.add_product("p1", "Alpha", "Books", 1250, 1);
  catalog.add_product("p2", "Beta", "Electronics", 10000, 1);
  return catalog;
}

Event event_at(const char* timestamp, EventType type, uint32_t product = 0, int32_t quantity = 0) {
  Event event{};
  event.time = *parse_timestamp(timestamp);
  event.type = type;
  event.product = product;
  event.quantity = quantity;
  return event;
}

TEST(TrendStateTest, PurchaseAcrossMidnightLandsOnItsUtcDay) {
  const Catalog catalog = trend_catalog();
  TrendState state(catalog);
  const std::vector<Event> events = {
      event_at("2023-10-23T23:59:59", EventType::kViewProduct),
      event_at("2023-10-23T23:59:59.999999", EventType::kPurchase, 0, 2),
      event_at("2023-10-24T00:00:00", EventType::kPurchase, 1, 1),
      event_at("2023-10-24T01:30:00+02:00", EventType::kPurchase, 1, 1),  // 2023-10-23T23:30Z
  };
  state.add(events);
  const auto days = state.daily();
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(format_date(days[0].day), "2023-10-23");
  EXPECT_EQ(days[0].totals.purchases(), 2);
  EXPECT_EQ(days[0].totals.revenue, 2 * 1250 + 10000);
  EXPECT_EQ(days[0].totals.conversion(), 2.0);
  EXPECT_EQ(format_date(days[1].day), "2023-10-24");
  EXPECT_EQ(days[1].totals.purchases(), 1);
  EXPECT_EQ(days[1].totals.units, 1);
  EXPECT_EQ(state.hourly()[23].events(), 3);
  EXPECT_EQ(state.hourly()[0].revenue, 10000);
  EXPECT_EQ(format_date(*state.peak_day_by_events()), "2023-10-23");
  EXPECT_EQ(format_date(*state.peak_day_by_revenue()), "2023-10-23");
}

TEST(TrendStateTest, EarlierDaysAfterLaterOnesKeepEmptyDaysBetween) {
  const Catalog catalog = trend_catalog();
  TrendState state(catalog);
  state.add(std::vector<Event>{event_at("2023-10-30T10:00:00", EventType::kPageView)});
  state.add(std::vector<Event>{event_at("2023-10-27T10:00:00", EventType::kPurchase, 1, 3)});
  const auto days = state.daily();
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(format_date(days.front().day), "2023-10-27");
  EXPECT_EQ(days[1].totals.events(), 0);
  EXPECT_EQ(days.back().totals.events(), 1);
  EXPECT_EQ(format_date(*state.peak_day_by_events()), "2023-10-27");  // tie: the earlier day

  const auto weeks = state.weekly();  // Fri 27 and Sun 29 in week 43, Mon 30 in week 44
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week.week, 43);
  EXPECT_EQ(format_date(weeks[0].first_day), "2023-10-23");
  EXPECT_EQ(weeks[0].totals.revenue, 30000);
  EXPECT_EQ(weeks[1].week.week, 44);
  EXPECT_EQ(weeks[1].totals.events(), 1);

  const auto weekdays = state.weekdays();
  EXPECT_EQ(weekdays[0].days, 1);  // Monday 30
  EXPECT_EQ(weekdays[0].totals.events(), 1);
  EXPECT_EQ(weekdays[4].totals.purchases(), 1);  // Friday 27
  EXPECT_EQ(weekdays[2].days, 0);
}

TEST(TrendStateTest, StrayFarDayDoesNotStretchTheDays) {
  const Catalog catalog = trend_catalog();
  TrendState far_first(catalog), near_first(catalog);
  const Event stray = event_at("9999-12-31T23:00:00", EventType::kPurchase, 0, 1);
  const Event monday = event_at("2023-10-23T10:00:00", EventType::kViewProduct);
  const Event wednesday = event_at("2023-10-25T10:00:00", EventType::kViewProduct);
  far_first.add(std::vector<Event>{stray, monday, wednesday});
  near_first.add(std::vector<Event>{monday, wednesday, stray});
  const auto days = far_first.daily();
  ASSERT_EQ(days.size(), 3u);  // days with events only: the span is too long to list every day
  EXPECT_EQ(format_date(days[1].day), "2023-10-25");
  EXPECT_EQ(format_date(days[2].day), "9999-12-31");
  EXPECT_EQ(days[2].totals.revenue, 1250);
  const auto other = near_first.daily();
  ASSERT_EQ(other.size(), days.size());
  for (size_t i = 0; i < days.size(); ++i) EXPECT_EQ(other[i].totals, days[i].totals);

  TrendState merged(catalog);
  merged.merge(near_first);
  merged.merge(far_first);
  EXPECT_EQ(merged.daily().back().totals.purchases(), 2);
  EXPECT_EQ(merged.weekly().size(), 2u);
  EXPECT_EQ(format_date(*merged.peak_day_by_revenue()), "9999-12-31");
}

TEST(TrendStateTest, EmptyStateHasNoPeak) {
  const Catalog catalog = trend_catalog();
  TrendState state(catalog);
  EXPECT_FALSE(state.peak_day_by_events());
  EXPECT_FALSE(state.peak_day_by_revenue());
  EXPECT_TRUE(state.daily().empty());
}

TEST(TrendStateTest, MergeOfARandomSplitEqualsOnePass) {
  const Catalog catalog = trend_catalog();
  std::mt19937_64 random(7);
  std::vector<Event> all, left, right;
  const TimestampUs base = *parse_timestamp("2023-10-20T00:00:00");
  for (int i = 0; i < 5000; ++i) {
    Event event{};
    event.time = base + TimestampUs(random() % (40 * kMicrosPerDay));
    event.type = EventType(random() % kEventTypeCount);
    event.product = uint32_t(random() % 2);
    event.quantity = event.type == EventType::kPurchase ? int32_t(1 + random() % 3) : 0;
    all.push_back(event);
    (random() % 2 ? left : right).push_back(event);
  }
  TrendState whole(catalog), merged(catalog), other(catalog);
  whole.add(all);
  merged.add(left);
  other.add(right);
  merged.merge(other);
  const auto expected = whole.daily();
  const auto actual = merged.daily();
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].day, actual[i].day);
    EXPECT_EQ(expected[i].totals, actual[i].totals);
  }
  EXPECT_EQ(whole.hourly(), merged.hourly());
}

}  // namespace
}  // namespace ecomflow
