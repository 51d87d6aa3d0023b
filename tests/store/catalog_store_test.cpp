#include "store/catalog_store.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

using testing::BackendTest;

Catalog sample_catalog() {
  Catalog catalog;
  catalog.add_customer("c001", *parse_date("2024-12-05"), "Regular");
  catalog.add_customer("c002", *parse_date("2025-07-21"), "VIP");
  catalog.add_product("p001", "Product Alpha 1", "Home & Garden", 2450, 3);
  catalog.add_product("p002", "Tiny, \"quoted\" thing", "Books", 10, 0);
  catalog.add_product("p003", "Product Omega 3", "Electronics", 49999, 12);
  catalog.add_product("p004", "Round", "Sports & Outdoors", 1000, 0);
  catalog.add_product("p005", "Largest NUMERIC(10,2)", "Electronics", 9999999999, 1);
  return catalog;
}

void expect_same(const Catalog& actual, const Catalog& expected) {
  ASSERT_EQ(actual.customers().size(), expected.customers().size());
  for (const Customer& customer : expected.customers()) {
    const auto index = actual.find_customer(customer.id);
    ASSERT_TRUE(index) << customer.id;
    const Customer& got = actual.customers()[*index];
    EXPECT_EQ(got.join_date, customer.join_date) << customer.id;
    EXPECT_EQ(got.segment, customer.segment) << customer.id;
  }
  ASSERT_EQ(actual.products().size(), expected.products().size());
  for (const Product& product : expected.products()) {
    const auto index = actual.find_product(product.id);
    ASSERT_TRUE(index) << product.id;
    const Product& got = actual.products()[*index];
    EXPECT_EQ(got.name, product.name) << product.id;
    EXPECT_EQ(got.category, product.category) << product.id;
    EXPECT_EQ(got.price, product.price) << product.id;
    EXPECT_EQ(got.stock, product.stock) << product.id;
  }
}

class CatalogStoreTest : public BackendTest {};

TEST_P(CatalogStoreTest, PricesRoundTripExactly) {
  write_catalog(db(), sample_catalog());
  expect_same(read_catalog(db()), sample_catalog());
  // And SQL sees the decimal amounts, not cents.
  const auto price = db().query("SELECT price * 2 FROM products WHERE product_id = 'p001'");
  EXPECT_DOUBLE_EQ(std::stod(*price.rows.at(0).at(0)), 49.0);
}

TEST_P(CatalogStoreTest, WriteReplacesContents) {
  write_catalog(db(), sample_catalog());
  Catalog smaller;
  smaller.add_customer("c900", *parse_date("2020-01-01"), "New");
  smaller.add_product("p900", "Only", "Books", 123, 4);
  write_catalog(db(), smaller);
  expect_same(read_catalog(db()), smaller);
}

TEST_P(CatalogStoreTest, MissingTablesSayHowToCreateThem) {
  try {
    read_catalog(db());
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("catalog tables 'customers'/'products' not found in " + db().display_name()),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("ecomflow catalog import --customers FILE --products FILE"), std::string::npos)
        << message;
  }
}

TEST_P(CatalogStoreTest, ReadsSeedTablesWithoutStock) {
  // The seed's own init.sql: no stock column, no schema_version.
  db().execute(
      "CREATE TABLE customers (customer_id VARCHAR(10) PRIMARY KEY, join_date DATE, segment VARCHAR(20));"
      "CREATE TABLE products (product_id VARCHAR(10) PRIMARY KEY, product_name VARCHAR(100), "
      "category VARCHAR(50), price NUMERIC(10,2));"
      "INSERT INTO customers VALUES ('c001', '2024-12-05', 'Regular');"
      "INSERT INTO products VALUES ('p001', 'Product Beta 1', 'Books', 24.50);");
  const Catalog catalog = read_catalog(db());
  ASSERT_EQ(catalog.products().size(), 1u);
  EXPECT_EQ(catalog.products()[0].price, 2450);
  EXPECT_EQ(catalog.products()[0].stock, 0);
  EXPECT_EQ(catalog.customers()[0].join_date, *parse_date("2024-12-05"));
}

ECOMFLOW_ON_BOTH_BACKENDS(CatalogStoreTest);

TEST(SqliteCatalogStoreTest, BadStoredValuesNameTheRow) {
  testing::ScratchDatabase scratch("sqlite");
  Database& db = *scratch.database;
  create_catalog_tables(db);
  db.execute("INSERT INTO products (product_id, product_name, category, price, stock) VALUES ('p007', 'Broken', 'Books', 'abc', 0)");
  try {
    read_catalog(db);
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("p007"), std::string::npos) << message;
    EXPECT_NE(message.find("price 'abc'"), std::string::npos) << message;
  }
  db.execute("DELETE FROM products; INSERT INTO customers (customer_id, join_date, segment) VALUES ('c042', '05/12/2024', 'VIP')");
  try {
    read_catalog(db);
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("c042"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace ecomflow
