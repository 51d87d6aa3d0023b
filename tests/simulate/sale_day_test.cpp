/// A simulated day through the real Shop, on every set-up (SQLite or
/// PostgreSQL, carts in the database or in Redis): what the simulation
/// reports must be what the database holds.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "commerce/shop_fixture.hpp"
#include "marketplace/marketplace_store.hpp"
#include "simulate/sale_report.hpp"
#include "simulate/sale_runner.hpp"

namespace ecomflow {
namespace {

MarketplaceImport fixture_products() {
  std::ifstream in(testing::source_dir() / "tests/marketplace/data/amazon_sample.csv", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return read_marketplace_csv(text.str(), {.seed = 3});
}

/// Few products and many events, so stock runs out and carts are cut.
SaleRunOptions busy_day(uint64_t seed) {
  SaleRunOptions options;
  options.plan.seed = seed;
  options.plan.events = 2500;
  options.plan.start = *parse_timestamp("2026-11-30T00:00:00Z");
  options.customers = 12;
  return options;
}

std::map<std::string, int64_t> stock_by_product(Database& database) {
  std::map<std::string, int64_t> stock;
  for (const auto& row : database.query("SELECT product_id, stock FROM products").rows)
    stock[*row[0]] = std::stoll(*row[1]);
  return stock;
}

class SaleDayTest : public testing::ShopTest {
 protected:
  /// 16 shoppers at once, each request its own transaction or (`group` > 0)
  /// each thread's cart changes grouped: stock never goes below zero.
  void expect_no_oversell(size_t group) {
    write_marketplace_products(db(), fixture_products());
    const std::map<std::string, int64_t> initial = stock_by_product(db());
    Shop shop(options(17));
    const std::unique_ptr<ShopDriver> driver = make_in_process_driver(shop, group);
    SaleRunOptions day = busy_day(4);
    day.concurrency = 16;
    day.customers = 32;
    const SaleRun run = run_sale_day(db(), *driver, day);
    const std::map<std::string, int64_t> final_stock = stock_by_product(db());
    for (size_t i = 0; i < run.ledger->products().size(); ++i) {
      const SaleProduct& product = run.ledger->products()[i];
      EXPECT_GE(final_stock.at(product.id), 0) << product.id;
      EXPECT_EQ(final_stock.at(product.id),
                initial.at(product.id) - run.ledger->product_tallies()[i].units_sold);
    }
    EXPECT_EQ(run.ledger->totals().revenue, scalar("SELECT COALESCE(SUM(total_cents), 0) FROM orders"));
  }
};

TEST_P(SaleDayTest, WhatTheDayReportsIsWhatTheDatabaseHolds) {
  write_marketplace_products(db(), fixture_products());
  const std::map<std::string, int64_t> initial = stock_by_product(db());
  Shop shop(options());
  // Cart changes grouped as `simulate cyberday` groups them by default.
  const std::unique_ptr<ShopDriver> driver = make_in_process_driver(shop, 500);
  const SaleRun run = run_sale_day(db(), *driver, busy_day(9));
  const SaleLedger& ledger = *run.ledger;
  const SaleTotals& totals = ledger.totals();

  // The day did meet stock-outs and partial fills (else the rest proves little).
  EXPECT_GT(totals.products_out, 0);
  EXPECT_GT(totals.partially_filled, 0);
  EXPECT_GT(totals.abandoned, 0);

  // Revenue is the orders written; units are their items.
  EXPECT_EQ(totals.revenue, scalar("SELECT COALESCE(SUM(total_cents), 0) FROM orders"));
  EXPECT_EQ(totals.revenue, scalar("SELECT COALESCE(SUM(quantity * unit_price_cents), 0) FROM order_items"));
  EXPECT_EQ(totals.completed, scalar("SELECT COUNT(*) FROM orders"));
  EXPECT_EQ(totals.units_sold, scalar("SELECT COALESCE(SUM(quantity), 0) FROM order_items"));

  // Final stock = initial - sold, never negative; lost = unmet x price.
  const std::map<std::string, int64_t> final_stock = stock_by_product(db());
  Cents lost = 0;
  for (size_t i = 0; i < ledger.products().size(); ++i) {
    const SaleProduct& product = ledger.products()[i];
    const ProductTally& tally = ledger.product_tallies()[i];
    EXPECT_EQ(product.initial_stock, initial.at(product.id));
    EXPECT_EQ(final_stock.at(product.id), product.initial_stock - tally.units_sold) << product.id;
    EXPECT_GE(final_stock.at(product.id), 0) << product.id;
    EXPECT_EQ(tally.lost_revenue, tally.units_unmet * product.price) << product.id;
    if (tally.units_unmet > 0) {
      EXPECT_TRUE(tally.first_stock_out) << product.id;
    }
    lost += tally.lost_revenue;
  }
  EXPECT_EQ(totals.lost_revenue, lost);

  EXPECT_LE(totals.completed, totals.carts);
  EXPECT_LE(totals.conversion(), 1.0);
  EXPECT_EQ(totals.completed + totals.failed + totals.abandoned + totals.open_at_end, totals.carts);
  EXPECT_EQ(totals.events, 2500);
  // The 12 shoppers: the two of the fixture and ten created, marked simulated.
  EXPECT_EQ(run.customers_created, 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM customers WHERE segment = 'Simulated'"), 10);
}

TEST_P(SaleDayTest, ConcurrentShoppersNeverOversell) { expect_no_oversell(0); }

TEST_P(SaleDayTest, ConcurrentShoppersWithGroupedCartChangesNeverOversell) { expect_no_oversell(50); }

ECOMFLOW_ON_EVERY_SHOP_SETUP(SaleDayTest);

/// Runs a day on a fresh database (with Redis when `redis`) and returns
/// every report file but the page's charts, by name.
std::map<std::string, std::string> day_files(bool redis, uint64_t seed, size_t group = 0) {
  testing::ScratchDatabase scratch("sqlite");
  migrate(*scratch.database);
  write_marketplace_products(*scratch.database, fixture_products());
  Shop shop(ShopOptions{.database_url = scratch.url,
                        .redis_url = redis ? testing::redis_url() : "",
                        .redis_key_prefix = fmt::format("sim{}:", std::random_device{}())});
  const std::unique_ptr<ShopDriver> driver = make_in_process_driver(shop, group);
  const SaleRunOptions options = busy_day(seed);
  const SaleRun run = run_sale_day(*scratch.database, *driver, options);
  const SaleDay day{.ledger = run.ledger.get(), .currency = "INR", .plan = options.plan, .end = run.end};
  const auto directory = testing::scratch_dir("sale-day") / "cyberday";
  write_sale_report(day, directory);
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files[entry.path().filename().string()] = text.str();
  }
  return files;
}

TEST(SaleDayRepeatTest, SameSeedSameDayWithAndWithoutRedis) {
  const auto first = day_files(false, 21);
  EXPECT_EQ(first.size(), 16u);  // summary, 6 CSVs, 8 charts, the page
  EXPECT_EQ(day_files(false, 21), first);
  EXPECT_NE(day_files(false, 22).at("summary.json"), first.at("summary.json"));
  if (testing::redis_url().empty()) {
    if (std::getenv("ECOMFLOW_TEST_REQUIRE_SERVERS")) FAIL() << "no test Redis";
    GTEST_SKIP() << "no test Redis (run through `make test`)";
  }
  EXPECT_EQ(day_files(true, 21), first);
}

/// Grouping cart changes into shared transactions (committed with each
/// order, every simulated minute, or after N changes) plays the same day
/// as a transaction per change: every report byte is the same.
TEST(SaleDayRepeatTest, GroupedCartChangesPlayTheSameDay) {
  const auto one_by_one = day_files(false, 21, 0);
  EXPECT_EQ(day_files(false, 21, 500), one_by_one);
  EXPECT_EQ(day_files(false, 21, 3), one_by_one);
}

}  // namespace
}  // namespace ecomflow
