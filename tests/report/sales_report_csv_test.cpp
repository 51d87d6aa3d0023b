#include "report/sales_report_csv.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(SalesReportCsvTest, HeaderTwoDecimalsAndQuoting) {
  const std::vector<SalesRow> rows = {{"Electronics", "VIP", 1499950, 120, 45},
                                      {"Books, rare", "New", 5, 1, 1}};
  EXPECT_EQ(sales_report_csv(rows),
            "category,customer_segment,total_revenue,units_sold,unique_customers\n"
            "Electronics,VIP,14999.50,120,45\n"
            "\"Books, rare\",New,0.05,1,1\n");
}

TEST(SalesReportCsvTest, FormulaLikeCatalogTextIsNeutralised) {
  const std::vector<SalesRow> rows = {{"=HYPERLINK(\"http://x\",\"y\")", "+VIP", 100, 1, 1},
                                      {"@SUM(A1)", "-1+1|cmd", 100, 1, 1},
                                      {"Books", "New", 100, 1, 1}};
  EXPECT_EQ(sales_report_csv(rows),
            "category,customer_segment,total_revenue,units_sold,unique_customers\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+VIP\",1.00,1,1\n"
            "\"'@SUM(A1)\",\"'-1+1|cmd\",1.00,1,1\n"
            "Books,New,1.00,1,1\n");
}

TEST(SalesReportCsvTest, Slugs) {
  EXPECT_EQ(category_slug("Home & Garden"), "home-garden");
  EXPECT_EQ(category_slug("Sports & Outdoors"), "sports-outdoors");
  EXPECT_EQ(category_slug("Books"), "books");
  EXPECT_EQ(category_slug("&&"), "uncategorized");
}

}  // namespace
}  // namespace ecomflow
