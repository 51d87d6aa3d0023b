#include "marketplace/marketplace_store.hpp"
#include "store/catalog_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/catalog_store.hpp"
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

/// Every product row as text, in id order, so two imports can be compared.
std::vector<std::string> dump_products(Database& database) {
  const std::string decimal = database.backend() == "sqlite" ? "printf('%.2f', {0})" : "CAST({0} AS TEXT)";
  const auto result = database.query(fmt::format(
      "SELECT product_id, product_name, category, {}, stock, {}, CAST(rating AS TEXT), rating_count, "
      "category_path, currency, CAST(metadata AS TEXT) FROM products ORDER BY product_id",
      fmt::format(fmt::runtime(decimal), "price"),
      fmt::format("CASE WHEN list_price IS NULL THEN NULL ELSE {} END",
                  fmt::format(fmt::runtime(decimal), "list_price"))));
  std::vector<std::string> rows;
  for (const auto& row : result.rows) {
    std::string line;
    for (const auto& value : row) line += value.value_or("NULL") + "\t";
    rows.push_back(line);
  }
  return rows;
}

class MarketplaceStoreTest : public BackendTest {};

TEST_P(MarketplaceStoreTest, StoresEveryColumnExactly) {
  write_marketplace_products(db(), fixture_import());
  const Catalog catalog = read_catalog(db());
  ASSERT_EQ(catalog.products().size(), 8u);
  EXPECT_EQ(catalog.products()[*catalog.find_product("B0BMGG6NKT")].price, 13990000);
  EXPECT_EQ(catalog.products()[*catalog.find_product("B08CF3B7N1")].price, 17663);
  EXPECT_EQ(catalog.products()[*catalog.find_product("B08CF3B7N1")].category, "Computers&Accessories");
  const auto rows = dump_products(db());
  EXPECT_EQ(
      rows.at(0).substr(0, rows.at(0).find("\t{")),
      "B07JW9H4J1\tWayona Nylon Braided USB to Lightning Fast Charging and Data Sync Cable Compatible for "
      "iPhone 13, 12,11, X, 8, 7, 6, 5, iPad Air, Pro, Mini (3 FT Pack of 1, Grey)\tComputers&Accessories\t"
      "399.00\t" +
          std::to_string(tiered_stock("B07JW9H4J1", 39900, 7)) +
          "\t1099.00\t4.2\t24269\tComputers&Accessories|Accessories&Peripherals|Cables&Accessories|Cables|"
          "USBCables\tINR");
  const auto nulls = db().query(
      "SELECT CAST(rating AS TEXT), rating_count, list_price FROM products WHERE product_id IN "
      "('B08L12N5H1', 'B0BMGG6NKT', 'B0ODDVALUE') ORDER BY product_id");
  EXPECT_EQ(nulls.rows.at(0).at(0), std::nullopt);  // rating "|"
  EXPECT_EQ(nulls.rows.at(1).at(1), std::nullopt);  // missing count
  EXPECT_EQ(nulls.rows.at(2).at(2), std::nullopt);  // unreadable list price
  const auto metadata =
      db().query("SELECT CAST(metadata AS TEXT) FROM products WHERE product_id = 'B07JW9H4J1'");
  EXPECT_NE(metadata.rows.at(0).at(0).value_or("").find("also_in_categories"), std::string::npos);
  EXPECT_EQ(read_catalog_currency(db()), "INR");
}

TEST_P(MarketplaceStoreTest, ReimportLeavesTheSameTable) {
  write_marketplace_products(db(), fixture_import());
  const auto first = dump_products(db());
  db().execute("UPDATE products SET stock = 0");  // as if a sale day ran
  write_marketplace_products(db(), fixture_import());
  EXPECT_EQ(dump_products(db()), first);
}

TEST_P(MarketplaceStoreTest, ReimportRaisesEveryProductVersion) {
  write_marketplace_products(db(), fixture_import());
  // As if the shop had sold: one product's version moved ahead of the others.
  db().execute("UPDATE products SET version = version + 5 WHERE product_id = 'B07JW9H4J1'");
  const auto before = db().query("SELECT product_id, version FROM products ORDER BY product_id");
  write_marketplace_products(db(), fixture_import());
  const auto after = db().query("SELECT product_id, version FROM products ORDER BY product_id");
  ASSERT_EQ(after.rows.size(), before.rows.size());
  // Caches keep the version they hold: a re-imported row must look newer than
  // anything they may hold, never reset to an old number.
  for (size_t i = 0; i < after.rows.size(); ++i) {
    ASSERT_EQ(after.rows[i][0], before.rows[i][0]);
    EXPECT_GT(std::stoll(after.rows[i][1].value()), std::stoll(before.rows[i][1].value()))
        << *after.rows[i][0];
  }
}

TEST_P(MarketplaceStoreTest, SeedCatalogStillImportsOverIt) {
  write_marketplace_products(db(), fixture_import());
  Catalog seed;
  seed.add_customer("c001", *parse_date("2024-12-05"), "Regular");
  seed.add_product("p001", "Product Alpha 1", "Books", 2450, 3);
  write_catalog(db(), seed);
  const Catalog back = read_catalog(db());
  ASSERT_EQ(back.products().size(), 1u);
  EXPECT_EQ(back.products()[0].price, 2450);
  EXPECT_EQ(read_catalog_currency(db()), "USD");
}

ECOMFLOW_ON_BOTH_BACKENDS(MarketplaceStoreTest);

}  // namespace
}  // namespace ecomflow
