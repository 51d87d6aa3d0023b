#pragma once
/// The seeded plan of a sale day: which shopper does what to which product,
/// when. Pure (no shop, no database), so the same seed gives the same day,
/// and the plan can be split among concurrent shoppers without reordering
/// any one shopper's events.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace ecomflow {

/// What a shopper does at one event. Every event puts its product in the
/// shopper's cart first; then `kCheckout` checks the whole cart out and
/// `kAbandon` leaves it (the cart is emptied and counted abandoned).
enum class CartAction : uint8_t { kAddToCart, kCheckout, kAbandon };

/// The stable name of an action: `add_to_cart`, `checkout`, `abandon`.
const char* action_name(CartAction action);

/// The share of each action; they need not sum to one (they are weights).
struct ActionMix {
  double add_to_cart = 0.3;
  double checkout = 0.6;
  double abandon = 0.1;
};

/// What a plan is drawn from.
struct PlanOptions {
  uint64_t seed = 42;
  int64_t events = 30'000;
  TimestampUs start = 0;          ///< the clock at the first event
  int64_t min_step_seconds = 1;   ///< the clock advances this much…
  int64_t max_step_seconds = 10;  ///< …to this much per event
  int64_t min_quantity = 1;
  int64_t max_quantity = 5;
  ActionMix mix;
};

/// One event of the plan.
struct PlannedEvent {
  TimestampUs time;
  uint32_t customer;  ///< index into the shoppers
  uint32_t product;   ///< index into the products
  uint32_t quantity;
  CartAction action;
};

/// The events in time order (customer and product uniform). Throws
/// UsageError for an empty catalog, no customers or a bad mix or range.
std::vector<PlannedEvent> plan_events(const PlanOptions& options, size_t customers, size_t products);

/// Parses `0.3/0.6/0.1` (add-to-cart / checkout / abandon weights); nullopt
/// for anything else (negative, all zero, not three numbers).
std::optional<ActionMix> parse_action_mix(const std::string& text);

}  // namespace ecomflow
