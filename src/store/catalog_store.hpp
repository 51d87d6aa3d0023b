#pragma once
/// The catalog tables of seed 001 (`customers`, `products`) in a database,
/// and CSV import/export of them.

#include <filesystem>
#include <optional>
#include <string>

#include "core/catalog.hpp"
#include "core/currency.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Creates `customers(customer_id, join_date, segment)` and
/// `products(product_id, product_name, category, price NUMERIC(10,2), stock)`
/// if they do not exist.
void create_catalog_tables(Database& database);

/// Replaces the contents of both catalog tables with `catalog`, in one transaction.
void write_catalog(Database& database, const Catalog& catalog);

/// Reads both tables. Throws UserError saying how to create them when they
/// are missing (`ecomflow generate` or `ecomflow catalog import`).
Catalog read_catalog(Database& database);

/// The currency of the catalog's prices (ISO 4217, e.g. `INR`): the one most
/// products carry (a marketplace import records it), `USD` for an empty table.
std::string read_catalog_currency(Database& database);

/// The currency money is shown in: `chosen` when the user picked one, else
/// the catalog's own, else US dollars.
Currency shown_currency(const std::optional<Currency>& chosen, Database& database);

/// Reads `customers.csv` (customer_id,join_date,segment) and `products.csv`
/// (product_id,product_name,category,price[,stock]). Throws UserError naming
/// the file, line and problem for a malformed row.
Catalog read_catalog_csv(const std::filesystem::path& customers, const std::filesystem::path& products);

/// Writes `customers.csv` and `products.csv` into `directory` (same columns).
void write_catalog_csv(const Catalog& catalog, const std::filesystem::path& directory);
/// Writes `customers.csv` alone (a marketplace catalog's products.csv has more columns).
void write_customers_csv(const Catalog& catalog, const std::filesystem::path& file);

/// Writes a PostgreSQL-ready `init.sql` (CREATE TABLE + INSERT) for the catalog.
void write_catalog_init_sql(const Catalog& catalog, const std::filesystem::path& file);

}  // namespace ecomflow
