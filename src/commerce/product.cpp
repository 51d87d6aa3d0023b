#include "commerce/product.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/error.hpp"

namespace ecomflow {

std::optional<int64_t> parse_integer(const std::string& text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string product_columns_sql(const std::string& backend, const std::string& table_alias) {
  const std::string p = table_alias.empty() ? "" : table_alias + ".";
  // SQLite keeps NUMERIC(10,2) as REAL or INTEGER; two fixed decimals read it back exactly.
  const std::string price = backend == "postgresql" ? p + "price::text" : "printf('%.2f', " + p + "price)";
  const std::string metadata = backend == "postgresql" ? p + "metadata::text" : p + "metadata";
  return fmt::format("{0}product_id, {0}product_name, {0}category, {1}, {0}stock, {2}, {0}version", p, price,
                     metadata);
}

ShopProduct product_from_row(const std::vector<std::optional<std::string>>& row, size_t first) {
  ShopProduct product;
  product.product_id = row.at(first).value_or("");
  product.product_name = row.at(first + 1).value_or("");
  product.category = row.at(first + 2).value_or("");
  const std::optional<Cents> price = parse_cents(row.at(first + 3).value_or(""));
  ECOMFLOW_CHECK(price.has_value());
  product.price = *price;
  product.stock = parse_integer(row.at(first + 4).value_or("0")).value_or(0);
  product.metadata = row.at(first + 5).value_or("{}");
  product.version = parse_integer(row.at(first + 6).value_or("0")).value_or(0);
  return product;
}

std::optional<ShopProduct> find_product(Database& database, const std::string& product_id) {
  const QueryResult result = database.query(
      fmt::format("SELECT {} FROM products WHERE product_id = $1", product_columns_sql(database.backend())),
      {product_id});
  if (result.rows.empty()) return std::nullopt;
  return product_from_row(result.rows[0]);
}

std::vector<ShopProduct> list_products(Database& database, const ProductFilter& filter) {
  const bool postgres = database.backend() == "postgresql";
  std::string where;
  SqlParams params;
  const auto add = [&](const std::string& condition_with_placeholder, std::string value) {
    params.emplace_back(std::move(value));
    where += where.empty() ? " WHERE " : " AND ";
    where += fmt::format(fmt::runtime(condition_with_placeholder), params.size());
  };
  if (!filter.category.empty()) add("category = ${}", filter.category);
  if (filter.min_price) add("price >= CAST(${} AS NUMERIC)", format_cents(*filter.min_price));
  if (filter.max_price) add("price <= CAST(${} AS NUMERIC)", format_cents(*filter.max_price));
  if (!filter.text.empty()) {
    // The text is matched literally: LIKE's wildcards in it are escaped.
    std::string pattern;
    for (char c : filter.text) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    add(postgres ? "product_name ILIKE ${} ESCAPE '\\'" : "product_name LIKE ${} ESCAPE '\\'",
        "%" + pattern + "%");
  }
  if (!filter.metadata_key.empty()) {
    // PostgreSQL: `?` is jsonb's key-exists operator (served by the GIN index).
    // SQLite: a JSON path naming the key, quoted so dots and spaces stay in it.
    std::string path = "$.\"";
    for (char c : filter.metadata_key)
      if (c != '"') path += c;
    path += '"';
    if (!filter.metadata_value) {
      if (postgres)
        add("metadata ? ${}", filter.metadata_key);
      else
        add("json_type(metadata, ${}) IS NOT NULL", path);
    } else {
      if (postgres)
        add("metadata ->> ${} = ", filter.metadata_key);
      else
        add("CAST(json_extract(metadata, ${}) AS TEXT) = ", path);
      params.emplace_back(*filter.metadata_value);
      where += fmt::format("${}", params.size());
    }
  }
  params.emplace_back(std::to_string(filter.limit));
  params.emplace_back(std::to_string(filter.offset));
  const QueryResult result = database.query(
      fmt::format("SELECT {} FROM products{} ORDER BY product_id LIMIT ${} OFFSET ${}",
                  product_columns_sql(database.backend()), where, params.size() - 1, params.size()),
      params);
  std::vector<ShopProduct> products;
  products.reserve(result.rows.size());
  for (const auto& row : result.rows) products.push_back(product_from_row(row));
  return products;
}

}  // namespace ecomflow
