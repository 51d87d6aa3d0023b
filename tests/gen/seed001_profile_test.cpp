#include "gen/seed001_profile.hpp"

#include <gtest/gtest.h>

#include <array>

#include "gen/catalog_generator.hpp"

namespace ecomflow {
namespace {

TEST(Seed001Profile, SharesRangesAndSteps) {
  const Catalog catalog = generate_catalog({});
  GeneratorOptions options;
  options.weeks = 2;
  const Seed001Profile profile(options, catalog);
  std::vector<GeneratedEvent> events;
  std::array<int64_t, kEventTypeCount> by_type{};
  std::array<int64_t, 4> by_quantity{};
  int64_t total = 0, previous = INT64_MIN;
  int64_t min_step = INT64_MAX, max_step = 0;
  for (int day = 0; day < options.day_count(); ++day) {
    profile.generate_day(day, events);
    ASSERT_EQ(int64_t(events.size()), profile.day_event_count(day));
    ASSERT_EQ(events.size(), 500u);
    // The first event of a day is 1–60 s after its midnight (default volume fits a day).
    const int64_t midnight = int64_t(options.start_date + day) * kSecondsPerDay;
    EXPECT_GE(events.front().time - midnight, 1);
    EXPECT_LE(events.front().time - midnight, 60);
    for (size_t i = 0; i < events.size(); ++i) {
      const GeneratedEvent& event = events[i];
      if (i > 0) {
        min_step = std::min(min_step, event.time - events[i - 1].time);
        max_step = std::max(max_step, event.time - events[i - 1].time);
      }
      ASSERT_GT(event.time, previous);
      previous = event.time;
      ASSERT_LT(event.customer, 100u);
      ASSERT_LT(event.product, 50u);
      ++by_type[size_t(event.type)];
      if (event.type == EventType::kPurchase) {
        ASSERT_GE(event.quantity, 1);
        ASSERT_LE(event.quantity, 3);
        ++by_quantity[size_t(event.quantity)];
      } else {
        ASSERT_EQ(event.quantity, 0);
      }
      ++total;
    }
  }
  EXPECT_EQ(min_step, 1);
  EXPECT_EQ(max_step, 60);
  EXPECT_EQ(by_type[size_t(EventType::kPageView)], 0);
  EXPECT_EQ(by_type[size_t(EventType::kRemoveFromCart)], 0);
  // 7000 events: the shares are within 2.5 points of 70 / 25 / 5 percent.
  EXPECT_NEAR(double(by_type[size_t(EventType::kViewProduct)]) / double(total), 0.70, 0.025);
  EXPECT_NEAR(double(by_type[size_t(EventType::kAddToCart)]) / double(total), 0.25, 0.025);
  EXPECT_NEAR(double(by_type[size_t(EventType::kPurchase)]) / double(total), 0.05, 0.01);
  for (int quantity = 1; quantity <= 3; ++quantity) EXPECT_GT(by_quantity[size_t(quantity)], 50) << quantity;
}

TEST(Seed001Profile, TimestampsStayIncreasingWhenDaysOverflow) {
  // 20 000 events at ~30 s each need about a week: days spill into later dates
  // but the clock never goes back, so no two events can be identical.
  const Catalog catalog = generate_catalog({});
  GeneratorOptions options;
  options.events_per_part = 4000;
  const Seed001Profile profile(options, catalog);
  std::vector<GeneratedEvent> events;
  int64_t previous = INT64_MIN;
  for (int day = 0; day < options.day_count(); ++day) {
    profile.generate_day(day, events);
    for (const GeneratedEvent& event : events) {
      ASSERT_GT(event.time, previous) << "day " << day;
      previous = event.time;
    }
  }
  EXPECT_GT(previous, int64_t(options.start_date + 30) * kSecondsPerDay);
}

TEST(Seed001Profile, RendersSeedFields) {
  const Catalog catalog = generate_catalog({});
  const Seed001Profile profile(GeneratorOptions{}, catalog);
  RecordFields fields;
  const GeneratedEvent purchase{int64_t(days_from_civil(2023, 10, 23)) * kSecondsPerDay + 17,
                                41,
                                6,
                                0,
                                0,
                                2,
                                EventType::kPurchase,
                                0,
                                0,
                                0};
  profile.render(purchase, days_from_civil(2023, 10, 23), fields);
  ASSERT_EQ(fields.size(), 5);
  const JsonField* field = fields.begin();
  EXPECT_EQ(field[0].key, "timestamp");
  EXPECT_EQ(field[0].value, "2023-10-23T00:00:17");
  EXPECT_EQ(field[1].value, "c042");
  EXPECT_EQ(field[2].value, "purchase");
  EXPECT_EQ(field[3].value, "p007");
  EXPECT_EQ(field[4].key, "quantity");
  EXPECT_EQ(field[4].value, "2");
  EXPECT_FALSE(field[4].quoted);
}

}  // namespace
}  // namespace ecomflow
