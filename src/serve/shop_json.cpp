#include "serve/shop_json.hpp"

#include "core/time.hpp"

namespace ecomflow {

void write_product(JsonWriter& json, const ShopProduct& product) {
  json.begin_object()
      .key("product_id")
      .value(product.product_id)
      .key("product_name")
      .value(product.product_name)
      .key("category")
      .value(product.category)
      .money("price", product.price)
      .key("stock")
      .value(product.stock)
      .key("metadata")
      .raw(product.metadata.empty() ? "{}" : product.metadata)
      .end_object();
}

void write_order(JsonWriter& json, const Order& order) {
  json.begin_object()
      .key("order_id")
      .value(order.order_id)
      .key("customer_id")
      .value(order.customer_id)
      .key("status")
      .value(order.status)
      .key("payment_method")
      .value(order.payment_method)
      .money("total", order.total)
      .key("created_at")
      .value(order.created_at)
      .key("idempotency_key");
  if (order.idempotency_key.empty())
    json.null();
  else
    json.value(order.idempotency_key);
  json.key("items").begin_array();
  for (const OrderItem& item : order.items)
    json.begin_object()
        .key("product_id")
        .value(item.product_id)
        .key("quantity")
        .value(item.quantity)
        .money("unit_price", item.unit_price)
        .money("line_total", item.unit_price * item.quantity)
        .end_object();
  json.end_array().end_object();
}

void write_cart(JsonWriter& json, Shop& shop, const Cart& cart) {
  json.begin_object().key("customer_id").value(cart.customer_id).key("expires_at");
  if (cart.expires_at > 0)
    json.value(format_timestamp(TimestampUs(cart.expires_at) * 1'000'000));
  else
    json.null();
  Cents subtotal = 0;
  json.key("items").begin_array();
  for (const CartLine& line : cart.items) {
    json.begin_object().key("product_id").value(line.product_id).key("quantity").value(line.quantity);
    if (const std::optional<ShopProduct> product = shop.product(line.product_id)) {
      json.key("product_name").value(product->product_name).money("unit_price", product->price);
      json.money("line_total", product->price * line.quantity);
      subtotal += product->price * line.quantity;
    } else {
      json.key("product_name").null();  // removed from the catalog since it was added
    }
    json.end_object();
  }
  json.end_array().money("subtotal", subtotal).end_object();
}

std::string out_of_stock_json(const PlaceOrderResult& result) {
  JsonWriter json;
  json.begin_object().key("error").value("out_of_stock").key("detail").value(result.detail);
  json.key("shortages").begin_array();
  for (const Shortage& shortage : result.shortages)
    json.begin_object()
        .key("product_id")
        .value(shortage.product_id)
        .key("requested")
        .value(shortage.requested)
        .key("available")
        .value(shortage.available)
        .key("unknown_product")
        .value(shortage.unknown_product)
        .end_object();
  json.end_array().end_object();
  return json.take();
}

}  // namespace ecomflow
