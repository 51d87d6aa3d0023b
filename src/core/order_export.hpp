#pragma once
/// Order export files, seed 002's raw CSVs of orders and order items: their
/// names, columns and allowed values, shared by the generator that writes
/// them and the run that reads them.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace ecomflow {

/// The columns of `orders_<date>.csv`, in file order.
inline constexpr std::array<std::string_view, 6> kOrderExportColumns = {
    "order_id", "customer_id", "order_date", "status", "payment_method", "total_amount"};
/// The columns of `order_items_<date>.csv`, in file order.
inline constexpr std::array<std::string_view, 5> kOrderItemExportColumns = {
    "order_item_id", "order_id", "product_id", "quantity", "unit_price"};

/// Order statuses, as the shop's `orders.status` and `dim_status` know them.
inline constexpr std::array<std::string_view, 5> kOrderStatuses = {"placed", "paid", "shipped", "delivered",
                                                                   "cancelled"};
/// Payment methods the shop accepts.
inline constexpr std::array<std::string_view, 5> kPaymentMethods = {"card", "paypal", "bank_transfer",
                                                                    "cash_on_delivery", "gift_card"};

/// Whether `status` is one of kOrderStatuses.
bool is_order_status(std::string_view status);
/// Whether `method` is one of kPaymentMethods.
bool is_payment_method(std::string_view method);

/// `orders_<YYYY-MM-DD>.csv`.
std::string orders_export_name(DayNumber day);
/// `order_items_<YYYY-MM-DD>.csv`.
std::string order_items_export_name(DayNumber day);
/// The items file that goes with an orders file name (`orders_X.csv` →
/// `order_items_X.csv`), or nullopt when `name` is not an orders file.
std::optional<std::string> order_items_name_for(std::string_view orders_name);

}  // namespace ecomflow
