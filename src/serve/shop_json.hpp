#pragma once
/// How the shop's objects look in the JSON API (one place, so every route
/// and docs/api.md agree).

#include "commerce/shop.hpp"
#include "serve/json_writer.hpp"

namespace ecomflow {

/// `{"product_id", "product_name", "category", "price", "price_cents", "stock", "metadata"}`.
void write_product(JsonWriter& json, const ShopProduct& product);
/// `{"order_id", "customer_id", "status", "payment_method", "total", "total_cents", "created_at",
/// "idempotency_key", "items": [{"product_id", "quantity", "unit_price", "unit_price_cents",
/// "line_total", "line_total_cents"}]}`.
void write_order(JsonWriter& json, const Order& order);
/// `{"customer_id", "expires_at", "items": [{"product_id", "quantity", "product_name", "unit_price",
/// "unit_price_cents", "line_total", "line_total_cents"}], "subtotal", "subtotal_cents"}` with
/// today's prices from the shop (the cart itself holds none).
void write_cart(JsonWriter& json, Shop& shop, const Cart& cart);
/// `{"error": "out_of_stock", "detail", "shortages": [{"product_id", "requested", "available"}]}`.
std::string out_of_stock_json(const PlaceOrderResult& result);

}  // namespace ecomflow
