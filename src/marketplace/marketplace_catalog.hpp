#pragma once
/// A marketplace catalog as `catalog export` writes it and `catalog import`
/// reads it back: products.csv with the columns the seed-001 file lacks
/// (currency, list price, discount, rating, rating count, category path,
/// metadata), so export → import → export gives the same bytes.

#include <string>
#include <string_view>
#include <vector>

#include "marketplace/marketplace_file.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// The columns of an exported marketplace products.csv, in file order.
extern const std::vector<std::string_view> kMarketplaceCatalogColumns;

/// Whether a CSV header is an exported marketplace products.csv.
bool is_marketplace_catalog_header(const std::vector<std::string>& header);

/// Whether the products in `database` came from a marketplace import (they
/// carry a category path, which a seed-001 catalog has not).
bool has_marketplace_products(Database& database);

/// The products of `database` with every marketplace column, by id.
MarketplaceImport read_marketplace_products(Database& database);

/// products.csv for `products`: the seed-001 columns first, then the
/// marketplace ones; formula-like text gets the leading `'` that import removes.
std::string marketplace_catalog_csv(const MarketplaceImport& products);

/// Reads an exported products.csv (the header already recognised). A row
/// that cannot be read ends the import with a UserError naming `file` and
/// its line, as for the seed-001 catalog files.
MarketplaceImport read_marketplace_catalog_csv(std::string_view text, const std::string& file);

}  // namespace ecomflow
