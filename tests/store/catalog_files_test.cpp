#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "store/catalog_store.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

std::filesystem::path write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CatalogFilesTest : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = testing::scratch_dir("catalog-files");
  std::filesystem::path customers_ =
      write(dir_ / "customers.csv", "customer_id,join_date,segment\nc001,2024-12-05,Regular\n");

  /// The message of the UserError that reading `products` text throws.
  std::string products_error(const std::string& products) {
    try {
      read_catalog_csv(customers_, write(dir_ / "products.csv", products));
    } catch (const UserError& error) {
      return error.what();
    }
    return "no error";
  }
};

TEST_F(CatalogFilesTest, ReadsQuotedFieldsAndCrlf) {
  const auto products = write(dir_ / "products.csv",
                              "\xEF\xBB\xBFproduct_id,product_name,category,price\r\n"
                              "p001,\"Lamp, \"\"deluxe\"\"\",Home & Garden,24.5\r\n"
                              "p002,\"Two\nlines\",Books,0.10\r\n");
  const Catalog catalog = read_catalog_csv(customers_, products);
  ASSERT_EQ(catalog.products().size(), 2u);
  EXPECT_EQ(catalog.products()[0].name, "Lamp, \"deluxe\"");
  EXPECT_EQ(catalog.products()[0].price, 2450);
  EXPECT_EQ(catalog.products()[1].name, "Two\nlines");
  EXPECT_EQ(catalog.products()[1].price, 10);
  EXPECT_EQ(catalog.products()[1].stock, 0);
  EXPECT_EQ(catalog.customers().at(0).segment, "Regular");
}

TEST_F(CatalogFilesTest, WriteThenReadIsIdentity) {
  Catalog catalog;
  catalog.add_customer("c001", *parse_date("2024-12-05"), "Regular");
  catalog.add_product("p001", "Lamp, \"deluxe\"", "Home & Garden", 49999, 7);
  catalog.add_product("p002", " padded ", "Books", 10, 0);
  const auto out = dir_ / "out";
  std::filesystem::create_directories(out);
  write_catalog_csv(catalog, out);
  EXPECT_EQ(read(out / "products.csv"),
            "product_id,product_name,category,price,stock\n"
            "p001,\"Lamp, \"\"deluxe\"\"\",Home & Garden,499.99,7\n"
            "p002,\" padded \",Books,0.10,0\n");
  const Catalog again = read_catalog_csv(out / "customers.csv", out / "products.csv");
  ASSERT_EQ(again.products().size(), 2u);
  EXPECT_EQ(again.products()[0].name, "Lamp, \"deluxe\"");
  EXPECT_EQ(again.products()[1].name, " padded ");
  EXPECT_EQ(again.products()[0].price, 49999);
  EXPECT_EQ(again.customers()[0].join_date, *parse_date("2024-12-05"));
}

TEST_F(CatalogFilesTest, ExportNeutralisesFormulasAndImportGivesTheSameValues) {
  // Values a spreadsheet would run, values that only look like the marks
  // export adds, and ones that must stay as they are.
  const std::vector<std::string> names = {"=HYPERLINK(\"http://x\",\"y\")",
                                          "+1+1",
                                          "-2+3",
                                          "@SUM(A1)",
                                          "\tTab",
                                          "'=A1",
                                          "''@x",
                                          "'quoted",
                                          "-12.50",
                                          "+3",
                                          "plain",
                                          ""};
  Catalog catalog;
  catalog.add_customer("c001", *parse_date("2024-12-05"), "=cmd|' /C calc'!A0");
  for (size_t i = 0; i < names.size(); ++i)
    catalog.add_product("p" + std::to_string(i), names[i], "-Books", 100, 1);
  const auto out = dir_ / "formula";
  std::filesystem::create_directories(out);
  write_catalog_csv(catalog, out);
  const std::string products = read(out / "products.csv");
  EXPECT_NE(products.find("p0,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'-Books\","), std::string::npos)
      << products;
  EXPECT_NE(products.find("p5,\"''=A1\","), std::string::npos) << products;
  EXPECT_NE(products.find("p7,'quoted,"), std::string::npos) << products;
  EXPECT_NE(products.find("p8,-12.50,"), std::string::npos) << products;
  // No field of the file starts with a formula character.
  for (const std::string_view field : {",=", ",+1", ",-2", ",@", ",\t", ",-B", "\n="})
    EXPECT_EQ(products.find(field), std::string::npos) << field;
  EXPECT_EQ(read(out / "customers.csv"),
            "customer_id,join_date,segment\nc001,2024-12-05,\"'=cmd|' /C calc'!A0\"\n");

  const Catalog again = read_catalog_csv(out / "customers.csv", out / "products.csv");
  EXPECT_EQ(again.customers().at(0).segment, "=cmd|' /C calc'!A0");
  ASSERT_EQ(again.products().size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(again.products()[i].name, names[i]);
    EXPECT_EQ(again.products()[i].category, "-Books");
  }
}

TEST_F(CatalogFilesTest, ImportKeepsAQuoteMarkThatMarksNothing) {
  const auto products = write(dir_ / "products.csv",
                              "product_id,product_name,category,price\n"
                              "p001,'Lamp,'-,1.00\n"
                              "p002,'=A1,''+x,1.00\n");
  const Catalog catalog = read_catalog_csv(customers_, products);
  ASSERT_EQ(catalog.products().size(), 2u);
  EXPECT_EQ(catalog.products()[0].name, "'Lamp");
  EXPECT_EQ(catalog.products()[0].category, "-");
  EXPECT_EQ(catalog.products()[1].name, "=A1");
  EXPECT_EQ(catalog.products()[1].category, "'+x");
}

TEST_F(CatalogFilesTest, ErrorsNameFileLineAndProblem) {
  const std::string header = "product_id,product_name,category,price\n";
  std::string message = products_error(header + "p001,A,Books,10.00\np002,B,Books,twelve\n");
  EXPECT_NE(message.find("products.csv"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("price 'twelve'"), std::string::npos) << message;

  message = products_error(header + "p001,A,Books,10.001\n");
  EXPECT_NE(message.find("price '10.001'"), std::string::npos) << message;

  message = products_error("product_id,product_name,price\np001,A,1.00\n");
  EXPECT_NE(message.find("missing column 'category'"), std::string::npos) << message;

  message = products_error(header + "p001,A,Books,1.00\np001,B,Books,2.00\n");
  EXPECT_NE(message.find("duplicate product_id 'p001'"), std::string::npos) << message;

  message = products_error(header + "p001,\"A,Books,1.00\n");
  EXPECT_NE(message.find("line 2: unterminated quoted field"), std::string::npos) << message;

  message = products_error(header + "p001,A,Books\n");
  EXPECT_NE(message.find("line 2: 3 fields, the header has 4"), std::string::npos) << message;

  message = products_error("");
  EXPECT_NE(message.find("empty file"), std::string::npos) << message;
}

TEST_F(CatalogFilesTest, BadCustomerDateAndMissingFile) {
  write(customers_, "customer_id,join_date,segment\nc001,2024-13-45,VIP\n");
  const auto products = write(dir_ / "products.csv", "product_id,product_name,category,price\n");
  try {
    read_catalog_csv(customers_, products);
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("line 2: join_date '2024-13-45'"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(read_catalog_csv(dir_ / "nope.csv", products), UserError);
}

TEST(CatalogInitSqlTest, RunsOnPostgres) {
  ECOMFLOW_REQUIRE_POSTGRES();
  Catalog catalog;
  catalog.add_customer("c001", *parse_date("2024-12-05"), "O'Brien's");
  catalog.add_product("p001", "Lamp, \"deluxe\" 'x'", "Home & Garden", 2450, 3);
  catalog.add_product("p002", "Pen", "Books", 10, 0);
  const auto file = testing::scratch_dir("init-sql") / "init.sql";
  write_catalog_init_sql(catalog, file);
  testing::ScratchDatabase scratch("postgresql");
  scratch.database->execute(read(file));
  scratch.database->execute(read(file));  // re-runnable
  const Catalog loaded = read_catalog(*scratch.database);
  ASSERT_EQ(loaded.products().size(), 2u);
  EXPECT_EQ(loaded.products()[0].name, "Lamp, \"deluxe\" 'x'");
  EXPECT_EQ(loaded.products()[0].price, 2450);
  EXPECT_EQ(loaded.products()[1].price, 10);
  EXPECT_EQ(loaded.customers().at(0).segment, "O'Brien's");
}

}  // namespace
}  // namespace ecomflow
