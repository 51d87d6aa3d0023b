#include "simulate/event_plan.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace ecomflow {
namespace {

PlanOptions options(uint64_t seed, int64_t events) {
  PlanOptions options;
  options.seed = seed;
  options.events = events;
  options.start = *parse_timestamp("2026-11-30T00:00:00Z");
  return options;
}

bool same(const std::vector<PlannedEvent>& a, const std::vector<PlannedEvent>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].time != b[i].time || a[i].customer != b[i].customer || a[i].product != b[i].product ||
        a[i].quantity != b[i].quantity || a[i].action != b[i].action)
      return false;
  return true;
}

TEST(EventPlanTest, SameSeedSamePlanOtherSeedOtherPlan) {
  EXPECT_TRUE(same(plan_events(options(7, 500), 10, 20), plan_events(options(7, 500), 10, 20)));
  EXPECT_FALSE(same(plan_events(options(7, 500), 10, 20), plan_events(options(8, 500), 10, 20)));
}

TEST(EventPlanTest, ClockQuantitiesAndIndexesStayInRange) {
  const auto plan = plan_events(options(3, 5000), 7, 11);
  ASSERT_EQ(plan.size(), 5000u);
  EXPECT_EQ(plan.front().time, options(3, 0).start);
  for (size_t i = 0; i < plan.size(); ++i) {
    if (i > 0) {
      const int64_t step = (plan[i].time - plan[i - 1].time) / kMicrosPerSecond;
      EXPECT_GE(step, 1);
      EXPECT_LE(step, 10);
    }
    EXPECT_LT(plan[i].customer, 7u);
    EXPECT_LT(plan[i].product, 11u);
    EXPECT_GE(plan[i].quantity, 1u);
    EXPECT_LE(plan[i].quantity, 5u);
  }
}

TEST(EventPlanTest, ActionsFollowTheMix) {
  PlanOptions weighted = options(11, 20000);
  weighted.mix = {.add_to_cart = 0.3, .checkout = 0.6, .abandon = 0.1};
  int64_t counts[3] = {};
  for (const PlannedEvent& event : plan_events(weighted, 5, 5)) ++counts[int(event.action)];
  EXPECT_NEAR(double(counts[0]) / 20000, 0.3, 0.02);
  EXPECT_NEAR(double(counts[1]) / 20000, 0.6, 0.02);
  EXPECT_NEAR(double(counts[2]) / 20000, 0.1, 0.02);

  weighted.mix = {.add_to_cart = 1, .checkout = 0, .abandon = 0};
  for (const PlannedEvent& event : plan_events(weighted, 5, 5))
    ASSERT_EQ(event.action, CartAction::kAddToCart);
}

TEST(EventPlanTest, RefusesWhatCannotBePlanned) {
  EXPECT_THROW(plan_events(options(1, 10), 0, 5), UsageError);
  EXPECT_THROW(plan_events(options(1, 10), 5, 0), UsageError);
  PlanOptions bad = options(1, 10);
  bad.mix = {0, 0, 0};
  EXPECT_THROW(plan_events(bad, 5, 5), UsageError);
}

TEST(EventPlanTest, ParsesTheMix) {
  const auto mix = parse_action_mix("0.3/0.6/0.1");
  ASSERT_TRUE(mix);
  EXPECT_DOUBLE_EQ(mix->checkout, 0.6);
  EXPECT_TRUE(parse_action_mix("1/0/0"));
  for (const char* text : {"", "0.3/0.6", "0.3/0.6/0.1/0", "a/b/c", "-1/1/1", "0/0/0", "0.3//0.1", "nan/1/1"})
    EXPECT_FALSE(parse_action_mix(text)) << text;
}

}  // namespace
}  // namespace ecomflow
