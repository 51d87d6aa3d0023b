#include "marketplace/marketplace_store.hpp"

#include <fmt/format.h>

#include "store/migrations.hpp"

namespace ecomflow {
namespace {

std::optional<std::string> rating_text(const std::optional<int>& tenths) {
  if (!tenths) return std::nullopt;
  return fmt::format("{}.{}", *tenths / 10, *tenths % 10);
}

std::optional<std::string> optional_text(const std::optional<int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

}  // namespace

void write_marketplace_products(Database& database, const MarketplaceImport& import) {
  migrate(database);
  const std::vector<std::string> columns = {"product_id",    "product_name", "category", "price",
                                            "stock",         "list_price",   "rating",   "rating_count",
                                            "category_path", "currency",     "metadata", "version"};
  with_transaction(database, [&] {
    // Product caches keep the version they hold and never take an older
    // one: every imported row gets a version above all earlier ones.
    const std::string version =
        database.query("SELECT COALESCE(MAX(version), 0) + 1 FROM products").rows.at(0).at(0).value_or("1");
    database.execute("DELETE FROM products");
    size_t next = 0;
    database.bulk_insert("products", columns, [&](std::vector<std::optional<std::string>>& row) {
      if (next == import.products.size()) return false;
      const MarketplaceProduct& product = import.products[next++];
      row = {
          product.id,
          product.name,
          product.category,
          format_cents(product.price),
          std::to_string(product.stock),
          product.list_price ? std::optional<std::string>(format_cents(*product.list_price)) : std::nullopt,
          rating_text(product.rating_tenths),
          optional_text(product.rating_count),
          product.category_path,
          import.currency,
          product.metadata,
          version};
      return true;
    });
  });
}

}  // namespace ecomflow
