#include "core/order_export.hpp"

#include <algorithm>

namespace ecomflow {

bool is_order_status(std::string_view status) {
  return std::find(kOrderStatuses.begin(), kOrderStatuses.end(), status) != kOrderStatuses.end();
}

bool is_payment_method(std::string_view method) {
  return std::find(kPaymentMethods.begin(), kPaymentMethods.end(), method) != kPaymentMethods.end();
}

std::string orders_export_name(DayNumber day) { return "orders_" + format_date(day) + ".csv"; }

std::string order_items_export_name(DayNumber day) { return "order_items_" + format_date(day) + ".csv"; }

std::optional<std::string> order_items_name_for(std::string_view orders_name) {
  constexpr std::string_view kPrefix = "orders_";
  constexpr std::string_view kSuffix = ".csv";
  if (orders_name.size() <= kPrefix.size() + kSuffix.size() || !orders_name.starts_with(kPrefix) ||
      !orders_name.ends_with(kSuffix))
    return std::nullopt;
  return "order_items_" + std::string(orders_name.substr(kPrefix.size()));
}

}  // namespace ecomflow
