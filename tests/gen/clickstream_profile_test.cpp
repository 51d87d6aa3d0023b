#include "gen/clickstream_profile.hpp"

#include <gtest/gtest.h>

#include <map>

#include "gen/catalog_generator.hpp"

namespace ecomflow {
namespace {

struct Totals {
  std::map<EventType, int64_t> by_type;
  std::map<std::string, int64_t> sessions_by_segment;
  std::map<std::string, int64_t> purchases_by_segment;
  std::vector<int64_t> by_hour = std::vector<int64_t>(24);
};

class ClickstreamProfileTest : public ::testing::Test {
 protected:
  ClickstreamProfileTest() : catalog_(generate_catalog({})) { options_.weeks = 2; }
  Catalog catalog_;
  GeneratorOptions options_;
};

TEST_F(ClickstreamProfileTest, SessionsFollowTheFunnel) {
  options_.profile = Profile::kClickstream;
  const ClickstreamProfile profile(options_, catalog_);
  std::vector<GeneratedEvent> events;
  Totals totals;
  for (int day = 0; day < options_.day_count(); ++day) {
    profile.generate_day(day, events);
    ASSERT_EQ(int64_t(events.size()), profile.day_event_count(day));
    std::map<uint32_t, std::vector<const GeneratedEvent*>> sessions;
    for (size_t i = 0; i < events.size(); ++i) {
      const GeneratedEvent& event = events[i];
      if (i > 0) {
        ASSERT_GE(event.time, events[i - 1].time) << "a day is written in time order";
      }
      ASSERT_EQ(event.sequence, i);
      ASSERT_EQ(event.product == kNoProduct, event.type == EventType::kPageView);
      ++totals.by_type[event.type];
      ++totals.by_hour[size_t((event.time / 3600) % 24)];
      sessions[event.session].push_back(&event);
    }
    for (const auto& [id, session] : sessions) {
      const std::string& segment = catalog_.customers()[session.front()->customer].segment;
      ++totals.sessions_by_segment[segment];
      std::map<uint32_t, int32_t> cart;
      for (const GeneratedEvent* event : session) {
        ASSERT_EQ(event->customer, session.front()->customer) << "one customer per session";
        if (event->type == EventType::kAddToCart) cart[event->product] += event->quantity;
        if (event->type == EventType::kRemoveFromCart || event->type == EventType::kPurchase) {
          // Only what is in the cart can leave it.
          ASSERT_GE(cart[event->product], event->quantity);
          cart[event->product] -= event->quantity;
          if (event->type == EventType::kPurchase) ++totals.purchases_by_segment[segment];
        }
      }
    }
  }
  for (EventType type : {EventType::kPageView, EventType::kViewProduct, EventType::kAddToCart,
                         EventType::kRemoveFromCart, EventType::kPurchase})
    EXPECT_GT(totals.by_type[type], 0) << event_type_name(type);
  // A funnel narrows: views > carts > purchases > 0.
  EXPECT_GT(totals.by_type[EventType::kViewProduct], totals.by_type[EventType::kAddToCart]);
  EXPECT_GT(totals.by_type[EventType::kAddToCart], totals.by_type[EventType::kPurchase]);
  // VIPs buy more per session than Lapsed customers.
  const double vip = double(totals.purchases_by_segment["VIP"]) / double(totals.sessions_by_segment["VIP"]);
  const double lapsed =
      double(totals.purchases_by_segment["Lapsed"]) / double(totals.sessions_by_segment["Lapsed"]);
  EXPECT_GT(vip, 3 * lapsed);
  // Evenings are busier than the small hours.
  EXPECT_GT(totals.by_hour[20], 5 * totals.by_hour[4]);
}

TEST_F(ClickstreamProfileTest, CyberdayHasASurge) {
  options_.weeks = 3;
  const ClickstreamProfile profile(options_, catalog_);
  const int cyberday = profile.cyberday_index();
  EXPECT_EQ(iso_weekday(options_.start_date + cyberday), 1);
  for (int day = 0; day < options_.day_count(); ++day)
    if (day != cyberday) {
      EXPECT_GT(profile.day_event_count(cyberday), 2 * profile.day_event_count(day));
    }
  EXPECT_NE(profile.notes().find(format_date(options_.start_date + cyberday)), std::string::npos);
}

TEST_F(ClickstreamProfileTest, RendersIdsDeviceAndZoneTimestamps) {
  const ClickstreamProfile profile(options_, catalog_);
  std::vector<GeneratedEvent> events;
  profile.generate_day(0, events);
  RecordFields fields;
  profile.render(events[0], options_.start_date, fields);
  EXPECT_EQ(fields.find("event_id")->value, "e20231023-0000000");
  EXPECT_EQ(fields.find("session_id")->value.substr(0, 10), "s20231023-");
  EXPECT_EQ(fields.find("timestamp")->value.back(), 'Z');
  EXPECT_NE(fields.find("device"), nullptr);
  EXPECT_NE(fields.find("country"), nullptr);
  EXPECT_EQ(fields.find("event_type")->value, "page_view");
  EXPECT_EQ(fields.find("product_id"), nullptr);
  EXPECT_NE(fields.find("page_url"), nullptr);
}

}  // namespace
}  // namespace ecomflow
