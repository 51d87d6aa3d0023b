#include "marketplace/marketplace_catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "marketplace/marketplace_store.hpp"
#include "store/csv_table.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

using testing::BackendTest;

MarketplaceImport fixture_import() {
  std::ifstream in(testing::source_dir() / "tests/marketplace/data/amazon_sample.csv", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return read_marketplace_csv(text.str(), {.seed = 7});
}

class MarketplaceCatalogTest : public BackendTest {};

TEST_P(MarketplaceCatalogTest, ExportImportExportGivesTheSameBytes) {
  write_marketplace_products(db(), fixture_import());
  ASSERT_TRUE(has_marketplace_products(db()));
  const std::string first = marketplace_catalog_csv(read_marketplace_products(db()));
  const MarketplaceImport again = read_marketplace_catalog_csv(first, "products.csv");
  EXPECT_EQ(again.currency, "INR");
  write_marketplace_products(db(), again);
  EXPECT_EQ(marketplace_catalog_csv(read_marketplace_products(db())), first);
  // Every marketplace column is in the file: a product with all of them set.
  EXPECT_NE(first.find("B07JW9H4J1,"), std::string::npos);
  EXPECT_NE(first.find(",399.00,"), std::string::npos);
  EXPECT_NE(first.find(",INR,1099.00,64,4.2,24269,Computers&Accessories|"), std::string::npos);
}

TEST_P(MarketplaceCatalogTest, ASeedCatalogIsNotAMarketplaceOne) {
  migrate(db());
  db().execute(
      "INSERT INTO products (product_id, product_name, category, price, stock) VALUES ('p001', 'A', 'Books', "
      "10, 1)");
  EXPECT_FALSE(has_marketplace_products(db()));
}

INSTANTIATE_TEST_SUITE_P(Backends, MarketplaceCatalogTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(MarketplaceCatalogCsvTest, ABadRowNamesItsLine) {
  const std::string header =
      "product_id,product_name,category,price,stock,currency,list_price,discount_percent,rating,rating_count,"
      "category_path,metadata\n";
  EXPECT_TRUE(is_marketplace_catalog_header(parse_csv(header).records.front().fields));
  const auto error_of = [&](const std::string& row) {
    try {
      read_marketplace_catalog_csv(header + row, "products.csv");
    } catch (const UserError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  EXPECT_EQ(error_of("p1,A,Books,10.00,5,INR,,,,,Books,{}\n"), "");
  EXPECT_NE(error_of("p1,A,Books,ten,5,INR,,,,,Books,{}\n").find("line 2: price 'ten'"), std::string::npos);
  EXPECT_NE(error_of("p1,A,Books,10.00,5,INR,,,7.5,,Books,{}\n").find("rating '7.5'"), std::string::npos);
  EXPECT_NE(error_of("p1,A,Books,10.00,5,INR,,12,,,Books,{}\n").find("discount_percent '12'"),
            std::string::npos);
  EXPECT_NE(error_of("p1,A,Books,10.00,5,INR,,,,,Books,{}\np1,B,Books,1.00,1,INR,,,,,Books,{}\n")
                .find("line 3: duplicate product_id 'p1'"),
            std::string::npos);
}

}  // namespace
}  // namespace ecomflow
