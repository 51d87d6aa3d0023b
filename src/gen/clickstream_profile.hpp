#pragma once
/// Realistic shop traffic: sessions through a funnel, segments that behave
/// differently, daily and weekly rhythm, and one Cyberday sale.

#include <array>

#include "gen/event_profile.hpp"

namespace ecomflow {

/// Clickstream traffic. Each session belongs to one customer, device and
/// country; it lands on one to three `page_view`s, may bounce, views products
/// (popular ones more often), adds some to the cart, removes a few, and
/// either buys what is left or abandons the cart. VIP customers come back
/// more and buy more; Lapsed ones rarely do. Sessions start by a diurnal
/// curve (quiet at 4 am, busy in the evening), days follow a weekly rhythm,
/// and the Cyberday has three times the traffic, a midnight rush and better
/// conversion. Records carry `event_id` and `session_id` (unique, so
/// deduplication is exact), `device`, `country`, `page_url` on page views,
/// and `Z` timestamps. A day's events are written in time order.
class ClickstreamProfile final : public EventProfile {
 public:
  ClickstreamProfile(const GeneratorOptions& options, const Catalog& catalog);
  int64_t day_event_count(int day_index) const override;
  void generate_day(int day_index, std::vector<GeneratedEvent>& events) const override;
  void render(const GeneratedEvent& event, DayNumber file_day, RecordFields& fields) const override;
  std::string notes() const override;
  /// The day index of the Cyberday sale.
  int cyberday_index() const { return cyberday_index_; }

 private:
  struct SessionState;
  void generate_session(SessionState& state, std::vector<GeneratedEvent>& events) const;

  uint64_t seed_;
  DayNumber start_date_;
  const Catalog& catalog_;
  int cyberday_index_;
  std::vector<int64_t> day_counts_;
  std::vector<double> customer_weights_;    ///< cumulative, by segment activity
  std::vector<uint8_t> customer_segments_;  ///< index into kSegments
  std::vector<uint8_t> customer_countries_;
  std::vector<double> product_weights_;  ///< cumulative, by popularity
};

}  // namespace ecomflow
