#include "core/event.hpp"

namespace ecomflow {

namespace {
constexpr std::string_view kEventTypeNames[kEventTypeCount] = {"page_view", "view_product", "add_to_cart",
                                                               "remove_from_cart", "purchase"};
}

std::string_view event_type_name(EventType type) { return kEventTypeNames[int(type)]; }

std::optional<EventType> parse_event_type(std::string_view name) {
  // Ordered by how often each type arrives.
  if (name == "view_product") return EventType::kViewProduct;
  if (name == "add_to_cart") return EventType::kAddToCart;
  if (name == "page_view") return EventType::kPageView;
  if (name == "purchase") return EventType::kPurchase;
  if (name == "remove_from_cart") return EventType::kRemoveFromCart;
  return std::nullopt;
}

}  // namespace ecomflow
