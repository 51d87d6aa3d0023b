#pragma once
/// The validated event: what every stage after `enrich` works with.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace ecomflow {

/// The event types of the contract, in funnel order.
enum class EventType : uint8_t {
  kPageView = 0,
  kViewProduct = 1,
  kAddToCart = 2,
  kRemoveFromCart = 3,
  kPurchase = 4,
};
constexpr int kEventTypeCount = 5;

/// The contract's name of an event type (`page_view`, `purchase`, …).
std::string_view event_type_name(EventType type);

/// Parses a contract name; nullopt for anything else (case-sensitive).
std::optional<EventType> parse_event_type(std::string_view name);

/// Index of "no product" (page_view events).
constexpr uint32_t kNoProduct = UINT32_MAX;

/// One valid event with its catalog keys resolved to dense catalog indices.
/// Plain data, 40 bytes, so batches of them are cheap to move and merge.
struct Event {
  TimestampUs time;      ///< UTC
  uint64_t session_key;  ///< hash of `session_id`; 0 when the record has none
  uint64_t fingerprint;  ///< hash of `event_id`, or of the content without one (dedupe key)
  uint32_t customer;     ///< index into Catalog::customers()
  uint32_t product;      ///< index into Catalog::products(), kNoProduct for page views
  int32_t quantity;      ///< units (purchase, cart events); 0 for views
  EventType type;
};

}  // namespace ecomflow
