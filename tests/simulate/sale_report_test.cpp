#include "simulate/sale_report.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class SaleReportTest : public ::testing::Test {
 protected:
  SaleReportTest()
      : ledger_({{"p1", "Braided USB cable", "Computers&Accessories", 39900, 10},
                 {"p2", "Smartphone 256 GB", "Electronics", 13990000, 2},
                 {"p3", "Key chain", "Toys&Games", 4950, 200}},
                {{"c1", false}, {"sim-0001", true}}) {
    day_.ledger = &ledger_;
    day_.currency = "INR";
    day_.plan.seed = 5;
    day_.plan.start = *parse_timestamp("2026-11-30T00:00:00Z");
    day_.end = day_.plan.start + 90 * kMicrosPerSecond;
    ledger_.count_event(0, CartAction::kCheckout);
    ledger_.added(0);
    ledger_.checked_out(0, {{1, 3, 2, 13990000}, {0, 2, 2, 39900}});
    ledger_.stock_out(1, day_.plan.start + 42 * kMicrosPerSecond);
    ledger_.count_event(1, CartAction::kAbandon);
    ledger_.added(1);
    ledger_.abandoned(1, 4950);
    ledger_.finish();
  }

  SaleLedger ledger_;
  SaleDay day_;
};

TEST_F(SaleReportTest, TheEightChartsInCatalogCurrency) {
  const auto charts = sale_charts(day_);
  std::vector<std::string> names;
  for (const SaleChart& chart : charts) names.push_back(chart.name);
  const std::vector<std::string> expected = {
      "categories_distribution", "price_distribution",       "cart_events",     "top_selling_products",
      "top_categories",          "lost_revenue_by_category", "stock_out_times", "revenue_comparison"};
  EXPECT_EQ(names, expected);
  for (const SaleChart& chart : charts) EXPECT_EQ(chart.spec.money_symbol, "\u20b9") << chart.name;
  const ChartSpec& comparison = charts.back().spec;
  EXPECT_EQ(comparison.series.at(0).values.at(0), 2.0 * 13990000 + 2 * 39900);
  EXPECT_EQ(comparison.series.at(0).values.at(1), 13990000.0);
  const ChartSpec& stock_outs = charts[6].spec;
  EXPECT_EQ(stock_outs.categories, std::vector<std::string>{"Smartphone 256 GB"});
  EXPECT_EQ(stock_outs.series.at(0).values.at(0), 42.0);
  // Price bins cover the dearest product.
  const ChartSpec& prices = charts[1].spec;
  EXPECT_GT(prices.bin_edges.back(), 13990000.0);
  double counted = 0;
  for (double count : prices.series.at(0).values) counted += count;
  EXPECT_EQ(counted, 3.0);
}

TEST_F(SaleReportTest, SummaryJsonIsExactAndRepeatable) {
  const std::string json = sale_summary_json(day_);
  EXPECT_EQ(json, sale_summary_json(day_));
  EXPECT_NE(json.find("\"revenue\": \"280598.00\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"lost_revenue\": \"139900.00\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"carts\": 2,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"partially_filled\": 1,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"conversion\": 0.500000"), std::string::npos) << json;
  EXPECT_NE(json.find("\"currency\": \"INR\""), std::string::npos) << json;
}

TEST_F(SaleReportTest, WritesTheFilesAndTheirNumbersAgree) {
  const auto directory = testing::scratch_dir("sale-report") / "cyberday";
  write_sale_report(day_, directory);
  for (const char* name :
       {"summary.json", "products.csv", "categories.csv", "lost_revenue_by_product.csv",
        "lost_revenue_by_category.csv", "stock_out_times.csv", "customers.csv", "index.html",
        "price_distribution.png", "revenue_comparison.png", "stock_out_times.png"})
    EXPECT_TRUE(std::filesystem::exists(directory / name)) << name;
  EXPECT_EQ(read(directory / "lost_revenue_by_product.csv"),
            "product_id,product_name,category,price,units_unmet,lost_revenue,first_stock_out\n"
            "p2,Smartphone 256 GB,Electronics,139900.00,1,139900.00,2026-11-30T00:00:42Z\n");
  EXPECT_EQ(read(directory / "stock_out_times.csv"),
            "product_id,product_name,category,initial_stock,first_stock_out,seconds_after_start,units_unmet,"
            "lost_revenue\n"
            "p2,Smartphone 256 GB,Electronics,2,2026-11-30T00:00:42Z,42,1,139900.00\n");
  const std::string products = read(directory / "products.csv");
  EXPECT_NE(products.find("p2,Smartphone 256 GB,Electronics,139900.00,2,2,279800.00,0,1,139900.00,"),
            std::string::npos)
      << products;
  const std::string html = read(directory / "index.html");
  EXPECT_NE(html.find("<section id=\"cyberday\">"), std::string::npos);
  EXPECT_EQ(html.find("$"), std::string::npos) << "money in the page is in rupees";
}

TEST_F(SaleReportTest, ConsoleSummaryNamesTheHeadlineNumbers) {
  const std::string text = sale_console_summary(day_, 2.0);
  EXPECT_NE(text.find("\u20b9280,598.00"), std::string::npos) << text;
  EXPECT_NE(text.find("success rate"), std::string::npos) << text;
  EXPECT_NE(text.find("conversion             50.0%"), std::string::npos) << text;
}

}  // namespace
}  // namespace ecomflow
