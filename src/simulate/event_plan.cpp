#include "simulate/event_plan.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

/// Its own stream, apart from the generator's and the stock draws.
constexpr uint64_t kCyberdayPlanStream = 0xc7be4;

}  // namespace

const char* action_name(CartAction action) {
  switch (action) {
    case CartAction::kAddToCart:
      return "add_to_cart";
    case CartAction::kCheckout:
      return "checkout";
    case CartAction::kAbandon:
      return "abandon";
  }
  return "unknown";
}

std::vector<PlannedEvent> plan_events(const PlanOptions& options, size_t customers, size_t products) {
  if (customers == 0) throw UsageError("no shoppers: the simulation needs at least one customer");
  if (products == 0)
    throw UsageError("the catalog has no products: import one with `ecomflow catalog import` first");
  if (options.events < 0) throw UsageError("--events must be 0 or more");
  if (options.min_step_seconds < 0 || options.max_step_seconds < options.min_step_seconds)
    throw UsageError("the clock step range is empty");
  if (options.min_quantity < 1 || options.max_quantity < options.min_quantity)
    throw UsageError("the quantity range is empty");
  const ActionMix& mix = options.mix;
  const double total = mix.add_to_cart + mix.checkout + mix.abandon;
  if (!(total > 0) || mix.add_to_cart < 0 || mix.checkout < 0 || mix.abandon < 0)
    throw UsageError("the action mix needs non-negative weights with a positive sum");

  RandomSource random(options.seed, kCyberdayPlanStream);
  std::vector<PlannedEvent> events;
  events.reserve(size_t(options.events));
  TimestampUs clock = options.start;
  for (int64_t i = 0; i < options.events; ++i) {
    if (i > 0) clock += random.between(options.min_step_seconds, options.max_step_seconds) * kMicrosPerSecond;
    PlannedEvent event;
    event.time = clock;
    event.customer = random.below(uint32_t(customers));
    event.product = random.below(uint32_t(products));
    event.quantity = uint32_t(random.between(options.min_quantity, options.max_quantity));
    const double draw = random.unit() * total;
    event.action = draw < mix.add_to_cart                  ? CartAction::kAddToCart
                   : draw < mix.add_to_cart + mix.checkout ? CartAction::kCheckout
                                                           : CartAction::kAbandon;
    events.push_back(event);
  }
  return events;
}

std::optional<ActionMix> parse_action_mix(const std::string& text) {
  double weights[3];
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t slash = text.find('/', start);
    if ((i < 2) != (slash != std::string::npos)) return std::nullopt;
    const std::string part =
        text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    size_t used = 0;
    try {
      weights[i] = std::stod(part, &used);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (used != part.size() || part.empty() || !std::isfinite(weights[i]) || weights[i] < 0)
      return std::nullopt;
    start = slash + 1;
  }
  if (weights[0] + weights[1] + weights[2] <= 0) return std::nullopt;
  return ActionMix{weights[0], weights[1], weights[2]};
}

}  // namespace ecomflow
