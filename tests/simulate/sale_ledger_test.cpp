#include "simulate/sale_ledger.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

SaleLedger two_products() {
  return SaleLedger({{"p1", "Cable", "Computers", 39900, 10}, {"p2", "Phone", "Electronics", 13990000, 2}},
                    {{"c1", false}, {"sim-0001", true}});
}

TEST(SaleLedgerTest, PartialFillCountsSoldAndLostAtThePrice) {
  SaleLedger ledger = two_products();
  ledger.count_event(0, CartAction::kCheckout);
  ledger.added(0);
  // Asked 3 phones, 2 were left; 1 cable sold whole.
  const Cents revenue = ledger.checked_out(0, {{1, 3, 2, 13990000}, {0, 1, 1, 39900}});
  EXPECT_EQ(revenue, 2 * 13990000 + 39900);
  const SaleTotals& totals = ledger.totals();
  EXPECT_EQ(totals.revenue, revenue);
  EXPECT_EQ(totals.lost_revenue, 13990000);
  EXPECT_EQ(totals.units_sold, 3);
  EXPECT_EQ(totals.units_unmet, 1);
  EXPECT_EQ(totals.completed, 1);
  EXPECT_EQ(totals.partially_filled, 1);
  EXPECT_EQ(totals.stock_out_lines, 1);
  EXPECT_EQ(ledger.product_tallies()[1].lost_revenue, 13990000);
  EXPECT_EQ(ledger.customer_tallies()[0].orders, 1);
}

TEST(SaleLedgerTest, CartWithNothingInStockFailsAndDoesNotConvert) {
  SaleLedger ledger = two_products();
  ledger.added(1);
  ledger.checked_out(1, {{1, 4, 0, 13990000}});
  EXPECT_EQ(ledger.totals().failed, 1);
  EXPECT_EQ(ledger.totals().completed, 0);
  EXPECT_EQ(ledger.totals().lost_revenue, 4 * 13990000);
  EXPECT_DOUBLE_EQ(ledger.totals().success_rate(), 0.0);
  EXPECT_DOUBLE_EQ(ledger.totals().conversion(), 0.0);
}

TEST(SaleLedgerTest, ACartOpensOnceAndConversionNeverExceedsOne) {
  SaleLedger ledger = two_products();
  for (int i = 0; i < 5; ++i) ledger.added(0);  // five adds, one cart
  ledger.checked_out(0, {{0, 5, 5, 39900}});
  ledger.added(0);
  ledger.abandoned(0, 39900);
  ledger.added(1);
  ledger.finish();
  const SaleTotals& totals = ledger.totals();
  EXPECT_EQ(totals.carts, 3);
  EXPECT_EQ(totals.completed, 1);
  EXPECT_EQ(totals.abandoned, 1);
  EXPECT_EQ(totals.open_at_end, 1);
  EXPECT_EQ(totals.completed + totals.failed + totals.abandoned + totals.open_at_end, totals.carts);
  EXPECT_LE(totals.conversion(), 1.0);
  EXPECT_DOUBLE_EQ(totals.conversion(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(totals.abandonment(), 1.0 / 3);
  EXPECT_EQ(totals.abandoned_value, 39900);
  EXPECT_DOUBLE_EQ(totals.success_rate(), 1.0);
}

TEST(SaleLedgerTest, OnlyTheFirstStockOutTimeIsKept) {
  SaleLedger ledger = two_products();
  ledger.stock_out(1, 2000);
  ledger.stock_out(1, 1000);
  EXPECT_EQ(ledger.product_tallies()[1].first_stock_out, 2000);
  EXPECT_EQ(ledger.totals().products_out, 1);
  EXPECT_FALSE(ledger.product_tallies()[0].first_stock_out);
}

}  // namespace
}  // namespace ecomflow
