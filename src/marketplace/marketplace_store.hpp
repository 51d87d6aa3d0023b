#pragma once
/// The marketplace products in the catalog's `products` table, with the
/// columns the seed-001 catalog lacks: list price, rating, rating count,
/// category path, currency (sql/*/050_marketplace_catalog.sql) and metadata
/// (020_shop.sql).

#include <string>

#include "marketplace/marketplace_file.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Replaces the contents of `products` with the import in one transaction
/// (customers are left as they are), so importing the same file twice
/// leaves the same table. Migrates the schema first.
void write_marketplace_products(Database& database, const MarketplaceImport& import);

}  // namespace ecomflow
