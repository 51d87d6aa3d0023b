/// The file side of catalog_store.hpp: customers.csv / products.csv and a
/// PostgreSQL init.sql.

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "store/catalog_store.hpp"
#include "store/csv_table.hpp"
#include "store/migrations.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A CSV file with a header row, read by column name.
class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, const std::vector<std::string>& required,
          const std::vector<std::string>& optional)
      : path_(path) {
    CsvParse parse = parse_csv(read_file(path));
    if (parse.error) fail_at(*parse.error);
    if (parse.records.empty()) fail_at("empty file: expected a header row");
    records_ = std::move(parse.records);
    // A leading ' that export put before a formula-like value is not part of it.
    for (size_t row = 1; row < records_.size(); ++row)
      for (std::string& field : records_[row].fields) field = std::string(read_csv_field(field));
    const auto& header = records_.front().fields;
    for (size_t i = 0; i < header.size(); ++i) columns_[header[i]] = i;
    for (const auto& name : required)
      if (!columns_.count(name))
        fail_at(
            fmt::format("line 1: missing column '{}' (header must name {})", name, fmt::join(required, ",")));
    for (const auto& name : optional) has_optional_ = has_optional_ || columns_.count(name) != 0;
  }

  /// Data records (after the header).
  size_t size() const { return records_.size() - 1; }
  int64_t line(size_t row) const { return records_[row + 1].line; }
  bool has(const std::string& column) const { return columns_.count(column) != 0; }

  const std::string& field(size_t row, const std::string& column) const {
    const auto& record = records_[row + 1];
    if (record.fields.size() != records_.front().fields.size())
      fail(row,
           fmt::format("{} fields, the header has {}", record.fields.size(), records_.front().fields.size()));
    return record.fields[columns_.at(column)];
  }

  [[noreturn]] void fail(size_t row, const std::string& problem) const {
    fail_at(fmt::format("line {}: {}", line(row), problem));
  }

 private:
  [[noreturn]] void fail_at(const std::string& problem) const {
    throw UserError(fmt::format("bad catalog file '{}': {}", path_.string(), problem));
  }

  std::filesystem::path path_;
  std::vector<CsvRecord> records_;
  std::map<std::string, size_t> columns_;
  bool has_optional_ = false;
};

void read_customers(const std::filesystem::path& path, Catalog& catalog) {
  const CsvFile file(path, {"customer_id", "join_date", "segment"}, {});
  for (size_t row = 0; row < file.size(); ++row) {
    const std::string& id = file.field(row, "customer_id");
    if (id.empty()) file.fail(row, "empty customer_id");
    const auto join_date = parse_date(file.field(row, "join_date"));
    if (!join_date)
      file.fail(row, fmt::format("join_date '{}' is not YYYY-MM-DD", file.field(row, "join_date")));
    if (!catalog.add_customer(id, *join_date, file.field(row, "segment")))
      file.fail(row, fmt::format("duplicate customer_id '{}'", id));
  }
}

void read_products(const std::filesystem::path& path, Catalog& catalog) {
  const CsvFile file(path, {"product_id", "product_name", "category", "price"}, {"stock"});
  const bool has_stock = file.has("stock");
  for (size_t row = 0; row < file.size(); ++row) {
    const std::string& id = file.field(row, "product_id");
    if (id.empty()) file.fail(row, "empty product_id");
    const std::string& price_text = file.field(row, "price");
    const auto price = parse_cents(price_text);
    if (!price || *price < 0)
      file.fail(row,
                fmt::format("price '{}' is not an amount like 24.50 (two decimals at most)", price_text));
    int64_t stock = 0;
    if (has_stock && !file.field(row, "stock").empty()) {
      const std::string& stock_text = file.field(row, "stock");
      size_t used = 0;
      try {
        stock = std::stoll(stock_text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != stock_text.size())
        file.fail(row, fmt::format("stock '{}' is not an integer", stock_text));
    }
    if (!catalog.add_product(id, file.field(row, "product_name"), file.field(row, "category"), *price, stock))
      file.fail(row, fmt::format("duplicate product_id '{}'", id));
  }
}

}  // namespace

Catalog read_catalog_csv(const std::filesystem::path& customers, const std::filesystem::path& products) {
  Catalog catalog;
  read_customers(customers, catalog);
  read_products(products, catalog);
  return catalog;
}

void write_customers_csv(const Catalog& catalog, const std::filesystem::path& file) {
  std::string customers;
  append_csv_record(customers, {"customer_id", "join_date", "segment"});
  for (const Customer& customer : catalog.customers())
    append_csv_record(customers, {customer.id, format_date(customer.join_date), customer.segment});
  write_file_atomically(file, customers);
}

void write_catalog_csv(const Catalog& catalog, const std::filesystem::path& directory) {
  write_customers_csv(catalog, directory / "customers.csv");
  std::string products;
  append_csv_record(products, {"product_id", "product_name", "category", "price", "stock"});
  for (const Product& product : catalog.products())
    append_csv_record(products, {product.id, product.name, product.category, format_cents(product.price),
                                 std::to_string(product.stock)});
  write_file_atomically(directory / "products.csv", products);
}

void write_catalog_init_sql(const Catalog& catalog, const std::filesystem::path& file) {
  std::string sql = fmt::format(
      "-- ecomflow catalog: {} customers, {} products. Run with: psql -v ON_ERROR_STOP=1 -f init.sql\n"
      "BEGIN;\n\n{}\n",
      catalog.customers().size(), catalog.products().size(), postgres_migrations().at(0).sql);
  if (!catalog.customers().empty()) {
    sql += "INSERT INTO customers (customer_id, join_date, segment) VALUES\n";
    for (size_t i = 0; i < catalog.customers().size(); ++i) {
      const Customer& customer = catalog.customers()[i];
      sql += fmt::format("  ({}, {}, {}){}\n", quote_literal(customer.id),
                         quote_literal(format_date(customer.join_date)), quote_literal(customer.segment),
                         i + 1 == catalog.customers().size() ? "" : ",");
    }
    sql += "ON CONFLICT (customer_id) DO NOTHING;\n\n";
  }
  if (!catalog.products().empty()) {
    sql += "INSERT INTO products (product_id, product_name, category, price, stock) VALUES\n";
    for (size_t i = 0; i < catalog.products().size(); ++i) {
      const Product& product = catalog.products()[i];
      sql += fmt::format("  ({}, {}, {}, {}, {}){}\n", quote_literal(product.id), quote_literal(product.name),
                         quote_literal(product.category), format_cents(product.price), product.stock,
                         i + 1 == catalog.products().size() ? "" : ",");
    }
    sql += "ON CONFLICT (product_id) DO NOTHING;\n\n";
  }
  sql += "COMMIT;\n";
  write_file_atomically(file, sql);
}

}  // namespace ecomflow
