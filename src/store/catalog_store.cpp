#include "store/catalog_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

const std::string& required(const std::optional<std::string>& value) {
  static const std::string kEmpty;
  return value ? *value : kEmpty;
}

[[noreturn]] void bad_row(const Database& database, const char* table, const std::string& id,
                          const std::string& problem) {
  throw UserError(
      fmt::format("bad row in table '{}' of {} (id '{}'): {}", table, database.display_name(), id, problem));
}

void read_customers(Database& database, Catalog& catalog) {
  const auto result = database.query(
      "SELECT customer_id, CAST(join_date AS TEXT), segment FROM customers ORDER BY customer_id");
  for (const auto& row : result.rows) {
    const std::string& id = required(row[0]);
    const auto join_date = parse_date(required(row[1]));
    if (!join_date)
      bad_row(database, "customers", id, fmt::format("join_date '{}' is not YYYY-MM-DD", required(row[1])));
    if (!row[2]) bad_row(database, "customers", id, "segment is NULL");
    catalog.add_customer(id, *join_date, *row[2]);
  }
}

void read_products(Database& database, Catalog& catalog) {
  // A database made by the seed's own init.sql has no stock column.
  const auto shape = database.query("SELECT * FROM products WHERE 1 = 0");
  const bool has_stock =
      std::find(shape.columns.begin(), shape.columns.end(), "stock") != shape.columns.end();
  // SQLite keeps NUMERIC prices as REAL or INTEGER: print them back with two
  // decimals (exact for NUMERIC(10,2)) and leave text alone so junk is caught.
  const std::string price =
      database.backend() == "sqlite"
          ? "CASE WHEN typeof(price) IN ('integer', 'real') THEN printf('%.2f', price) ELSE price END"
          : "CAST(price AS TEXT)";
  const auto result = database.query(
      fmt::format("SELECT product_id, product_name, category, {}, {} FROM products ORDER BY product_id",
                  price, has_stock ? "stock" : "0"));
  for (const auto& row : result.rows) {
    const std::string& id = required(row[0]);
    if (!row[1] || !row[2]) bad_row(database, "products", id, "product_name or category is NULL");
    const auto cents = parse_cents(required(row[3]));
    if (!cents)
      bad_row(database, "products", id,
              fmt::format("price '{}' is not an amount with two decimals", required(row[3])));
    int64_t stock = 0;
    if (row[4]) {
      try {
        stock = std::stoll(*row[4]);
      } catch (const std::exception&) {
        bad_row(database, "products", id, fmt::format("stock '{}' is not an integer", *row[4]));
      }
    }
    catalog.add_product(id, *row[1], *row[2], *cents, stock);
  }
}

}  // namespace

void create_catalog_tables(Database& database) { migrate(database); }

void write_catalog(Database& database, const Catalog& catalog) {
  create_catalog_tables(database);
  with_transaction(database, [&] {
    database.execute("DELETE FROM customers; DELETE FROM products");
    size_t next = 0;
    database.bulk_insert("customers", {"customer_id", "join_date", "segment"}, [&](auto& row) {
      if (next == catalog.customers().size()) return false;
      const Customer& customer = catalog.customers()[next++];
      row = {customer.id, format_date(customer.join_date), customer.segment};
      return true;
    });
    next = 0;
    database.bulk_insert("products", {"product_id", "product_name", "category", "price", "stock"},
                         [&](auto& row) {
                           if (next == catalog.products().size()) return false;
                           const Product& product = catalog.products()[next++];
                           row = {product.id, product.name, product.category, format_cents(product.price),
                                  std::to_string(product.stock)};
                           return true;
                         });
  });
}

Catalog read_catalog(Database& database) {
  if (!database.table_exists("customers") || !database.table_exists("products"))
    throw UserError(fmt::format(
        "catalog tables 'customers'/'products' not found in {}: create them with `ecomflow generate` or "
        "`ecomflow catalog import --customers FILE --products FILE`",
        database.display_name()));
  Catalog catalog;
  read_customers(database, catalog);
  read_products(database, catalog);
  return catalog;
}

std::string read_catalog_currency(Database& database) {
  const auto result = database.query(
      "SELECT currency, COUNT(*) AS n FROM products GROUP BY currency ORDER BY n DESC, currency LIMIT 1");
  if (result.rows.empty() || !result.rows[0][0]) return "USD";
  return *result.rows[0][0];
}

Currency shown_currency(const std::optional<Currency>& chosen, Database& database) {
  if (chosen) return *chosen;
  try {
    if (const std::optional<Currency> own = find_currency(read_catalog_currency(database))) return *own;
  } catch (const DatabaseError&) {
    // A warehouse written before products had a currency column, read
    // without migrating (`report`, `run --report-only`): its prices are dollars.
  }
  return {};
}

}  // namespace ecomflow
