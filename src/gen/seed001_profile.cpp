#include "gen/seed001_profile.hpp"

#include <algorithm>

#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

constexpr int kMinStepSeconds = 1;
constexpr int kMaxStepSeconds = 60;

}  // namespace

Seed001Profile::Seed001Profile(const GeneratorOptions& options, const Catalog& catalog)
    : seed_(options.seed),
      events_per_day_(int64_t(options.parts_per_day) * options.events_per_part),
      catalog_(catalog) {
  day_starts_.reserve(options.day_count());
  int64_t last_event = INT64_MIN;
  for (int day = 0; day < options.day_count(); ++day) {
    const int64_t midnight = int64_t(options.start_date + day) * kSecondsPerDay;
    const int64_t start = last_event == INT64_MIN ? midnight : std::max(midnight, last_event + 1);
    day_starts_.push_back(start);
    RandomSource steps(seed_, kStepStream, uint64_t(day));
    int64_t time = start;
    for (int64_t event = 0; event < events_per_day_; ++event)
      time += steps.between(kMinStepSeconds, kMaxStepSeconds);
    if (events_per_day_ > 0) last_event = time;
  }
}

int64_t Seed001Profile::day_event_count(int) const { return events_per_day_; }

void Seed001Profile::generate_day(int day_index, std::vector<GeneratedEvent>& events) const {
  events.resize(size_t(events_per_day_));
  RandomSource steps(seed_, kStepStream, uint64_t(day_index));
  RandomSource random(seed_, kEventStream, uint64_t(day_index));
  const auto customers = uint32_t(catalog_.customers().size());
  const auto products = uint32_t(catalog_.products().size());
  int64_t time = day_starts_[size_t(day_index)];
  for (int64_t index = 0; index < events_per_day_; ++index) {
    GeneratedEvent& event = events[size_t(index)];
    time += steps.between(kMinStepSeconds, kMaxStepSeconds);
    event.time = time;
    event.customer = random.below(customers);
    event.product = random.below(products);
    event.sequence = uint32_t(index);
    event.session = 0;
    // Shares in twentieths: 14 view_product, 5 add_to_cart, 1 purchase.
    const uint32_t draw = random.below(20);
    event.type = draw < 14   ? EventType::kViewProduct
                 : draw < 19 ? EventType::kAddToCart
                             : EventType::kPurchase;
    event.quantity = event.type == EventType::kPurchase ? int32_t(random.between(1, 3)) : 0;
    event.device = event.country = event.page = 0;
  }
}

void Seed001Profile::render(const GeneratedEvent& event, DayNumber, RecordFields& fields) const {
  fields.clear();
  char* timestamp = fields.scratch(0);
  fields.add("timestamp", {timestamp, format_timestamp_seconds(event.time, false, timestamp)});
  fields.add("customer_id", catalog_.customers()[event.customer].id);
  fields.add("event_type", event_type_name(event.type));
  fields.add("product_id", catalog_.products()[event.product].id);
  if (event.quantity != 0) {
    char* quantity = fields.scratch(1);
    fields.add("quantity", {quantity, format_decimal(event.quantity, 1, quantity)}, false);
  }
}

}  // namespace ecomflow
