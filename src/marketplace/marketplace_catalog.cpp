#include "marketplace/marketplace_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {

const std::vector<std::string_view> kMarketplaceCatalogColumns = {
    "product_id", "product_name",     "category", "price",        "stock",         "currency",
    "list_price", "discount_percent", "rating",   "rating_count", "category_path", "metadata"};

namespace {

std::optional<int64_t> parse_whole(std::string_view text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

/// `4.2` -> 42; a rating is written with one decimal.
std::optional<int> parse_rating(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot + 2 != text.size()) return std::nullopt;
  const auto whole = parse_whole(text.substr(0, dot));
  const auto tenth = parse_whole(text.substr(dot + 1));
  if (!whole || !tenth || *whole < 0 || *whole > 5 || *tenth < 0 || *tenth > 9) return std::nullopt;
  const int tenths = int(*whole * 10 + *tenth);
  if (tenths > 50) return std::nullopt;
  return tenths;
}

std::string rating_text(int tenths) { return fmt::format("{}.{}", tenths / 10, tenths % 10); }

/// The `discount_percent` the import put in metadata (`"discount_percent":64`,
/// with or without a space after the colon), or nullopt.
std::optional<int64_t> metadata_discount(std::string_view metadata) {
  constexpr std::string_view kKey = "\"discount_percent\":";
  const size_t at = metadata.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  size_t start = at + kKey.size();
  while (start < metadata.size() && metadata[start] == ' ') ++start;
  size_t end = start;
  while (end < metadata.size() &&
         (std::isdigit(static_cast<unsigned char>(metadata[end])) || metadata[end] == '-'))
    ++end;
  return parse_whole(metadata.substr(start, end - start));
}

std::string optional_text(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : std::string();
}

}  // namespace

bool is_marketplace_catalog_header(const std::vector<std::string>& header) {
  return std::all_of(
      kMarketplaceCatalogColumns.begin(), kMarketplaceCatalogColumns.end(),
      [&](std::string_view name) { return std::find(header.begin(), header.end(), name) != header.end(); });
}

bool has_marketplace_products(Database& database) {
  return !database.query("SELECT 1 FROM products WHERE category_path IS NOT NULL LIMIT 1").rows.empty();
}

MarketplaceImport read_marketplace_products(Database& database) {
  const bool postgres = database.backend() == "postgresql";
  // Exact text of the NUMERIC columns (SQLite keeps them as REAL or INTEGER).
  const auto amount = [&](const std::string& column, int decimals) {
    return postgres
               ? column + "::text"
               : fmt::format(
                     "CASE WHEN typeof({0}) IN ('integer', 'real') THEN printf('%.{1}f', {0}) ELSE {0} END",
                     column, decimals);
  };
  const QueryResult result =
      database.query(fmt::format("SELECT product_id, product_name, category, {}, stock, currency, {}, {}, "
                                 "rating_count, category_path, {} "
                                 "FROM products ORDER BY product_id",
                                 amount("price", 2), amount("list_price", 2), amount("rating", 1),
                                 postgres ? "metadata::text" : "metadata"));
  MarketplaceImport products;
  products.stock_from_file = true;
  std::map<std::string, int64_t> currencies;
  for (const auto& row : result.rows) {
    MarketplaceProduct product;
    product.id = row[0].value_or("");
    product.name = row[1].value_or("");
    product.category = row[2].value_or("");
    product.price = parse_cents(row[3].value_or("0")).value_or(0);
    product.stock = parse_whole(row[4].value_or("0")).value_or(0);
    ++currencies[row[5].value_or("USD")];
    if (row[6]) product.list_price = parse_cents(*row[6]);
    if (row[7]) product.rating_tenths = parse_rating(*row[7]);
    if (row[8]) product.rating_count = parse_whole(*row[8]);
    product.category_path = row[9].value_or("");
    product.metadata = row[10].value_or("{}");
    products.products.push_back(std::move(product));
  }
  // The catalog's currency is the one most products carry (read_catalog_currency's rule).
  int64_t most = 0;
  for (const auto& [currency, count] : currencies)
    if (count > most) {
      most = count;
      products.currency = currency;
    }
  products.rows_read = int64_t(products.products.size());
  return products;
}

std::string marketplace_catalog_csv(const MarketplaceImport& products) {
  std::string out;
  append_csv_record(
      out, std::vector<std::string>(kMarketplaceCatalogColumns.begin(), kMarketplaceCatalogColumns.end()));
  for (const MarketplaceProduct& product : products.products)
    append_csv_record(out, {product.id, product.name, product.category, format_cents(product.price),
                            std::to_string(product.stock), products.currency,
                            product.list_price ? format_cents(*product.list_price) : "",
                            optional_text(metadata_discount(product.metadata)),
                            product.rating_tenths ? rating_text(*product.rating_tenths) : "",
                            optional_text(product.rating_count), product.category_path, product.metadata});
  return out;
}

MarketplaceImport read_marketplace_catalog_csv(std::string_view text, const std::string& file) {
  const auto fail = [&](const std::string& problem) -> void {
    throw UserError(fmt::format("bad catalog file '{}': {}", file, problem));
  };
  CsvParse parse = parse_csv(text);
  if (parse.error) fail(*parse.error);
  if (parse.records.empty()) fail("empty file: expected a header row");
  const std::vector<std::string>& header = parse.records.front().fields;
  std::map<std::string_view, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  MarketplaceImport products;
  products.stock_from_file = true;
  std::map<std::string, bool> seen;
  for (size_t row = 1; row < parse.records.size(); ++row) {
    const CsvRecord& record = parse.records[row];
    const auto at_line = [&](const std::string& problem) {
      fail(fmt::format("line {}: {}", record.line, problem));
    };
    if (record.fields.size() != header.size())
      at_line(fmt::format("{} fields, the header has {}", record.fields.size(), header.size()));
    const auto field = [&](std::string_view name) { return read_csv_field(record.fields[column.at(name)]); };
    MarketplaceProduct product;
    product.line = record.line;
    product.id = std::string(field("product_id"));
    if (product.id.empty()) at_line("empty product_id");
    if (seen[product.id]) at_line(fmt::format("duplicate product_id '{}'", product.id));
    seen[product.id] = true;
    product.name = std::string(field("product_name"));
    product.category = std::string(field("category"));
    const auto price = parse_cents(field("price"));
    if (!price || *price < 0) at_line(fmt::format("price '{}' is not an amount like 24.50", field("price")));
    product.price = *price;
    const auto stock = parse_whole(field("stock"));
    if (!stock || *stock < 0)
      at_line(fmt::format("stock '{}' is not a whole number of at least 0", field("stock")));
    product.stock = *stock;
    if (!field("list_price").empty()) {
      product.list_price = parse_cents(field("list_price"));
      if (!product.list_price || *product.list_price < 0)
        at_line(fmt::format("list_price '{}' is not an amount like 24.50", field("list_price")));
    }
    if (!field("rating").empty()) {
      product.rating_tenths = parse_rating(field("rating"));
      if (!product.rating_tenths) at_line(fmt::format("rating '{}' is not 0.0-5.0", field("rating")));
    }
    if (!field("rating_count").empty()) {
      product.rating_count = parse_whole(field("rating_count"));
      if (!product.rating_count || *product.rating_count < 0)
        at_line(fmt::format("rating_count '{}' is not a whole number of at least 0", field("rating_count")));
    }
    product.category_path = std::string(field("category_path"));
    product.metadata = std::string(field("metadata"));
    if (product.metadata.empty()) product.metadata = "{}";
    // The discount lives in metadata; its column is there to read, and
    // must say the same, so an edit of one alone is not lost silently.
    const std::string discount = optional_text(metadata_discount(product.metadata));
    if (field("discount_percent") != discount)
      at_line(
          fmt::format("discount_percent '{}' differs from metadata's discount_percent ('{}'): change both",
                      field("discount_percent"), discount));
    const std::string currency(field("currency"));
    if (currency.empty()) at_line("empty currency");
    if (products.products.empty()) products.currency = currency;
    if (currency != products.currency)
      at_line(
          fmt::format("currency '{}' differs from the first product's '{}'", currency, products.currency));
    products.products.push_back(std::move(product));
  }
  products.rows_read = int64_t(products.products.size());
  return products;
}

}  // namespace ecomflow
