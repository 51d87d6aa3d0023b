#include "marketplace/marketplace_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

std::string fixture_text() {
  std::ifstream in(testing::source_dir() / "tests/marketplace/data/amazon_sample.csv", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const MarketplaceProduct& product(const MarketplaceImport& import, const std::string& id) {
  for (const MarketplaceProduct& product : import.products)
    if (product.id == id) return product;
  throw std::runtime_error("no product " + id);
}

class MarketplaceFileTest : public ::testing::Test {
 protected:
  MarketplaceImport import_ = read_marketplace_csv(fixture_text(), {.seed = 7});
};

TEST_F(MarketplaceFileTest, EveryRowIsAccountedFor) {
  EXPECT_EQ(import_.rows_read, 15);
  EXPECT_EQ(import_.products.size(), 8u);
  EXPECT_EQ(import_.repeats_merged, 2);
  EXPECT_EQ(int64_t(import_.products.size()) + import_.repeats_merged + int64_t(import_.quarantined.size()),
            import_.rows_read);
  const std::map<std::string, int64_t> expected = {
      {"bad_price", 2}, {"missing_id", 1}, {"missing_name", 1}, {"wrong_field_count", 1}};
  EXPECT_EQ(import_.quarantined_by_reason(), expected);
}

TEST_F(MarketplaceFileTest, MoneyIsExactMinorUnits) {
  EXPECT_EQ(product(import_, "B07JW9H4J1").price, 39900);
  EXPECT_EQ(product(import_, "B07JW9H4J1").list_price, 109900);
  EXPECT_EQ(product(import_, "B08CF3B7N1").price, 17663);
  EXPECT_EQ(product(import_, "B0BMGG6NKT").price, 13990000);
  EXPECT_EQ(product(import_, "B0B6F7LX4C").list_price, 2499900);
  EXPECT_EQ(product(import_, "B0BUDGET01").price, 4950);
  EXPECT_EQ(import_.currency, "INR");
}

TEST_F(MarketplaceFileTest, RatingsAndCounts) {
  EXPECT_EQ(product(import_, "B07JW9H4J1").rating_tenths, 42);
  EXPECT_EQ(product(import_, "B098NS6PVG").rating_tenths, 40);
  EXPECT_EQ(product(import_, "B08L12N5H1").rating_tenths, std::nullopt);  // "|"
  EXPECT_EQ(product(import_, "B07JW9H4J1").rating_count, 24269);
  EXPECT_EQ(product(import_, "B08CF3B7N1").rating_count, 179691);
  EXPECT_EQ(product(import_, "B0BMGG6NKT").rating_count, std::nullopt);  // missing
  EXPECT_EQ(import_.missing_rating_counts, 1);
}

TEST_F(MarketplaceFileTest, UnreadableValuesBecomeNullAndAreReported) {
  std::vector<std::string> reported;
  for (const NulledValue& value : import_.nulled) reported.push_back(value.product_id + " " + value.column);
  const std::vector<std::string> expected = {"B08L12N5H1 rating", "B0ODDVALUE actual_price",
                                             "B0ODDVALUE discount_percentage", "B0ODDVALUE rating_count"};
  EXPECT_EQ(reported, expected);
  EXPECT_EQ(import_.nulled.front().value, "|");
  const MarketplaceProduct& odd = product(import_, "B0ODDVALUE");
  EXPECT_EQ(odd.price, 233900);
  EXPECT_EQ(odd.list_price, std::nullopt);
  EXPECT_EQ(odd.rating_count, std::nullopt);
  EXPECT_EQ(odd.metadata.find("discount_percent"), std::string::npos);
}

TEST_F(MarketplaceFileTest, CategoryTopLevelAndPathKept) {
  const MarketplaceProduct& cable = product(import_, "B08CF3B7N1");
  EXPECT_EQ(cable.category, "Computers&Accessories");
  EXPECT_EQ(cable.category_path,
            "Computers&Accessories|Accessories&Peripherals|Cables&Accessories|Cables|USBCables");
  EXPECT_EQ(product(import_, "B0B6F7LX4C").category, "Electronics");
}

TEST_F(MarketplaceFileTest, MetadataKeepsTheOtherColumnsAsJson) {
  const std::string& metadata = product(import_, "B08CF3B7N1").metadata;
  EXPECT_NE(metadata.find(R"("discount_percent":65)"), std::string::npos) << metadata;
  EXPECT_NE(metadata.find(R"("about_product":["Charge & sync","Made of \"tough\" nylon, 1.2 m"])"),
            std::string::npos)
      << metadata;
  EXPECT_NE(metadata.find(R"("review_content":"First line of the review.\nSecond line, after a newline")"),
            std::string::npos)
      << metadata;
  EXPECT_NE(metadata.find(R"("product_link":"https://www.amazon.in/dp/B08CF3B7N1")"), std::string::npos);
}

TEST_F(MarketplaceFileTest, FirstRowOfARepeatedIdWins) {
  const MarketplaceProduct& first = product(import_, "B07JW9H4J1");
  EXPECT_EQ(first.price, 39900);  // the repeat says ₹349
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.category, "Computers&Accessories");
  EXPECT_NE(
      first.metadata.find(
          R"("also_in_categories":["Electronics|Mobiles&Accessories|Accessories|Cables&Adapters|Cables"])"),
      std::string::npos)
      << first.metadata;
  // An identical repeat adds no path.
  EXPECT_EQ(product(import_, "B098NS6PVG").metadata.find("also_in_categories"), std::string::npos);
}

TEST_F(MarketplaceFileTest, QuarantineNamesLineAndReason) {
  ASSERT_EQ(import_.quarantined.size(), 5u);
  const QuarantinedRow& bad_price = import_.quarantined[2];
  EXPECT_EQ(problem_name(bad_price.problem), "bad_price");
  EXPECT_EQ(bad_price.line, 13);  // one review above spans two lines
  EXPECT_EQ(bad_price.detail, "product 'B0BADPRICE': discounted_price '\u20b9abc'");
  EXPECT_EQ(problem_name(import_.quarantined.back().problem), "wrong_field_count");
}

TEST_F(MarketplaceFileTest, StockFollowsPriceTiersAndSeed) {
  for (const MarketplaceProduct& product : import_.products) {
    const auto [low, high] = product.price < 50000    ? std::pair{150, 300}
                             : product.price < 200000 ? std::pair{80, 150}
                                                      : std::pair{30, 100};
    EXPECT_GE(product.stock, low) << product.id;
    EXPECT_LE(product.stock, high) << product.id;
    EXPECT_EQ(product.stock, tiered_stock(product.id, product.price, 7));
  }
  // The draw is keyed by product, not by row order, and the seed matters.
  int64_t differing = 0;
  for (const MarketplaceProduct& product : import_.products)
    differing += tiered_stock(product.id, product.price, 8) != product.stock;
  EXPECT_GT(differing, 0);
}

TEST_F(MarketplaceFileTest, StockColumnIsUsedWhenGiven) {
  const std::string text =
      "product_id,product_name,category,discounted_price,actual_price,discount_percentage,rating,rating_"
      "count,"
      "about_product,user_id,user_name,review_id,review_title,review_content,img_link,product_link,stock\n"
      "P1,One,A|B,\u20b910,\u20b920,50%,4,1,,,,,,,,,\"1,200\"\n"
      "P2,Two,A|B,\u20b910,\u20b920,50%,4,1,,,,,,,,,many\n";
  const MarketplaceImport import = read_marketplace_csv(text, {});
  ASSERT_EQ(import.products.size(), 1u);
  EXPECT_TRUE(import.stock_from_file);
  EXPECT_EQ(import.products[0].stock, 1200);
  EXPECT_EQ(import.quarantined_by_reason(), (std::map<std::string, int64_t>{{"bad_stock", 1}}));
}

TEST(MarketplaceHeaderTest, RecognisesTheExportOnly) {
  std::vector<std::string> header(kMarketplaceColumns.begin(), kMarketplaceColumns.end());
  EXPECT_TRUE(is_marketplace_header(header));
  header.push_back("stock");
  EXPECT_TRUE(is_marketplace_header(header));
  EXPECT_FALSE(is_marketplace_header({"product_id", "product_name", "category", "price"}));
  EXPECT_THROW(read_marketplace_csv("product_id,product_name,category,price\n", {}), UserError);
}

}  // namespace
}  // namespace ecomflow
