#include "gen/clickstream_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gen/catalog_generator.hpp"
#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

/// How a segment behaves in a session.
struct SegmentBehaviour {
  double activity;       ///< relative number of sessions per customer
  double product_views;  ///< mean product views per session that does not bounce
  double cart_rate;      ///< chance a viewed product goes into the cart
  double purchase_rate;  ///< chance a session with a cart checks out
  int max_quantity;
};
// In kSegments order: VIP, New, Regular, Lapsed.
constexpr std::array<SegmentBehaviour, 4> kBehaviours = {{
    {3.0, 4.0, 0.40, 0.60, 3},
    {1.0, 3.0, 0.25, 0.30, 2},
    {1.5, 3.0, 0.30, 0.40, 2},
    {0.3, 2.0, 0.15, 0.08, 1},
}};
constexpr int kRegularSegment = 2;

constexpr std::array<std::string_view, 3> kDevices = {"mobile", "desktop", "tablet"};
constexpr std::array<std::string_view, 7> kCountries = {"CL", "AR", "MX", "CO", "PE", "US", "ES"};
constexpr std::array<int, 7> kCountryShares = {35, 15, 15, 10, 10, 10, 5};
constexpr std::array<std::string_view, 8> kPages = {"/",
                                                    "/search",
                                                    "/category/electronics",
                                                    "/category/books",
                                                    "/category/clothing",
                                                    "/category/home-garden",
                                                    "/category/sports-outdoors",
                                                    "/cyberday"};
constexpr uint8_t kCyberdayPage = 7;

// Session starts per hour of the day: quiet before dawn, peak after dinner.
constexpr std::array<double, 24> kHourlyTraffic = {0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.1,
                                                   1.6, 1.9, 2.0, 2.1, 2.3, 2.2, 2.0, 1.9,
                                                   1.9, 2.1, 2.4, 2.8, 3.1, 3.0, 2.4, 1.6};
// Traffic by ISO weekday, Monday first: the weekend shops more.
constexpr std::array<double, 7> kWeekdayTraffic = {0.95, 0.90, 0.93, 0.97, 1.05, 1.12, 1.08};
constexpr double kCyberdayTraffic = 3.0;
constexpr double kBounceRate = 0.25;
constexpr double kRemoveRate = 0.15;

uint32_t pick_cumulative(const std::vector<double>& cumulative, RandomSource& random) {
  const double target = random.unit() * cumulative.back();
  return uint32_t(std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin());
}

int segment_of(const std::string& name) {
  for (size_t i = 0; i < kSegments.size(); ++i)
    if (kSegments[i] == name) return int(i);
  return kRegularSegment;
}

}  // namespace

/// The day-level state shared by the sessions of one day.
struct ClickstreamProfile::SessionState {
  RandomSource random;
  int64_t midnight;
  bool cyberday;
  std::vector<double> hour_weights;  ///< cumulative
  uint32_t next_session = 0;
  std::vector<std::pair<uint32_t, int32_t>> cart;  ///< product, quantity
};

ClickstreamProfile::ClickstreamProfile(const GeneratorOptions& options, const Catalog& catalog)
    : seed_(options.seed), start_date_(options.start_date), catalog_(catalog) {
  // The sale falls on the first Monday from the middle of the span on, as Cyberdays do.
  const int days = options.day_count();
  cyberday_index_ = days / 2;
  while (cyberday_index_ < days - 1 && iso_weekday(start_date_ + cyberday_index_) != 1) ++cyberday_index_;
  if (iso_weekday(start_date_ + cyberday_index_) != 1) cyberday_index_ = days / 2;

  const double base = double(options.parts_per_day) * options.events_per_part;
  for (int day = 0; day < days; ++day) {
    const double factor = kWeekdayTraffic[size_t(iso_weekday(start_date_ + day) - 1)] *
                          (day == cyberday_index_ ? kCyberdayTraffic : 1.0);
    day_counts_.push_back(std::llround(base * factor));
  }

  RandomSource random(seed_, kSessionStream, UINT32_MAX);
  double total = 0;
  for (const Customer& customer : catalog.customers()) {
    const int segment = segment_of(customer.segment);
    customer_segments_.push_back(uint8_t(segment));
    total += kBehaviours[size_t(segment)].activity;
    customer_weights_.push_back(total);
    uint32_t draw = random.below(100);
    uint8_t country = 0;
    while (draw >= uint32_t(kCountryShares[country])) draw -= uint32_t(kCountryShares[country++]);
    customer_countries_.push_back(country);
  }
  // Popularity follows a Zipf-like curve over a random ranking of the products.
  std::vector<uint32_t> ranks(catalog.products().size());
  for (size_t i = 0; i < ranks.size(); ++i) ranks[i] = uint32_t(i);
  for (size_t i = ranks.size(); i > 1; --i) std::swap(ranks[i - 1], ranks[random.below(uint32_t(i))]);
  total = 0;
  for (uint32_t rank : ranks) {
    total += 1.0 / std::pow(double(rank) + 1.0, 0.9);
    product_weights_.push_back(total);
  }
}

int64_t ClickstreamProfile::day_event_count(int day_index) const { return day_counts_[size_t(day_index)]; }

std::string ClickstreamProfile::notes() const {
  return fmt::format("Cyberday sale on {} ({}x traffic)", format_date(start_date_ + cyberday_index_),
                     kCyberdayTraffic);
}

void ClickstreamProfile::generate_session(SessionState& state, std::vector<GeneratedEvent>& events) const {
  RandomSource& random = state.random;
  const uint32_t session = state.next_session++;
  const uint32_t customer = pick_cumulative(customer_weights_, random);
  const SegmentBehaviour& behaviour = kBehaviours[customer_segments_[customer]];
  const auto device = uint8_t(random.below(100) < 58 ? 0 : random.below(100) < 80 ? 1 : 2);
  const int hour = int(pick_cumulative(state.hour_weights, random));
  int64_t time = state.midnight + hour * 3600 + random.between(0, 3599);

  auto emit = [&](EventType type, uint32_t product, int32_t quantity, uint8_t page) {
    events.push_back({time, customer, product, uint32_t(events.size()), session, quantity, type, device,
                      customer_countries_[customer], page});
    time += random.between(5, 90);
  };

  const int page_views = 1 + int(random.below(3));
  for (int view = 0; view < page_views; ++view) {
    const uint8_t page = view == 0 ? (state.cyberday ? kCyberdayPage : 0) : uint8_t(random.below(7));
    emit(EventType::kPageView, kNoProduct, 0, page);
  }
  if (random.chance(kBounceRate)) return;

  const double cart_rate = behaviour.cart_rate * (state.cyberday ? 1.3 : 1.0);
  const double purchase_rate = std::min(0.9, behaviour.purchase_rate + (state.cyberday ? 0.15 : 0.0));
  state.cart.clear();
  const double keep_browsing = 1.0 - 1.0 / behaviour.product_views;
  for (int view = 0; view < 12; ++view) {
    const uint32_t product = pick_cumulative(product_weights_, random);
    emit(EventType::kViewProduct, product, 0, 0);
    if (random.chance(cart_rate)) {
      const auto quantity = int32_t(random.between(1, behaviour.max_quantity));
      emit(EventType::kAddToCart, product, quantity, 0);
      state.cart.emplace_back(product, quantity);
    }
    if (!random.chance(keep_browsing)) break;
  }
  std::erase_if(state.cart, [&](const std::pair<uint32_t, int32_t>& item) {
    if (!random.chance(kRemoveRate)) return false;
    emit(EventType::kRemoveFromCart, item.first, item.second, 0);
    return true;
  });
  if (state.cart.empty() || !random.chance(purchase_rate)) return;  // abandoned
  time += random.between(30, 240);                                  // checkout
  for (const auto& [product, quantity] : state.cart) emit(EventType::kPurchase, product, quantity, 0);
}

void ClickstreamProfile::generate_day(int day_index, std::vector<GeneratedEvent>& events) const {
  const int64_t count = day_counts_[size_t(day_index)];
  SessionState state{RandomSource(seed_, kSessionStream, uint64_t(day_index)),
                     int64_t(start_date_ + day_index) * kSecondsPerDay,
                     day_index == cyberday_index_,
                     {}};
  double total = 0;
  for (size_t hour = 0; hour < kHourlyTraffic.size(); ++hour) {
    // The sale opens at midnight: people wait up for it.
    total += kHourlyTraffic[hour] * (state.cyberday && hour < 2 ? 4.0 : 1.0);
    state.hour_weights.push_back(total);
  }
  events.clear();
  events.reserve(size_t(count) + 64);
  while (int64_t(events.size()) < count) generate_session(state, events);
  events.resize(size_t(count));  // the last session is cut short
  std::sort(events.begin(), events.end(), [](const GeneratedEvent& a, const GeneratedEvent& b) {
    return a.time != b.time ? a.time < b.time : a.sequence < b.sequence;
  });
  for (size_t index = 0; index < events.size(); ++index) events[index].sequence = uint32_t(index);
}

void ClickstreamProfile::render(const GeneratedEvent& event, DayNumber file_day, RecordFields& fields) const {
  fields.clear();
  const CivilDate date = civil_from_days(file_day);
  const int date_digits = date.year * 10000 + int(date.month) * 100 + int(date.day);
  char* event_id = fields.scratch(0);
  size_t length = 0;
  event_id[length++] = 'e';
  length += format_decimal(date_digits, 8, event_id + length);
  event_id[length++] = '-';
  length += format_decimal(event.sequence, 7, event_id + length);
  fields.add("event_id", {event_id, length});
  char* session_id = fields.scratch(1);
  length = 0;
  session_id[length++] = 's';
  length += format_decimal(date_digits, 8, session_id + length);
  session_id[length++] = '-';
  length += format_decimal(event.session, 6, session_id + length);
  fields.add("session_id", {session_id, length});
  char* timestamp = fields.scratch(2);
  fields.add("timestamp", {timestamp, format_timestamp_seconds(event.time, true, timestamp)});
  fields.add("customer_id", catalog_.customers()[event.customer].id);
  fields.add("event_type", event_type_name(event.type));
  if (event.product != kNoProduct) fields.add("product_id", catalog_.products()[event.product].id);
  if (event.quantity != 0) {
    char* quantity = fields.scratch(3);
    fields.add("quantity", {quantity, format_decimal(event.quantity, 1, quantity)}, false);
  }
  if (event.type == EventType::kPageView) fields.add("page_url", kPages[event.page]);
  fields.add("device", kDevices[event.device]);
  fields.add("country", kCountries[event.country]);
}

}  // namespace ecomflow
