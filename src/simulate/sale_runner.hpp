#pragma once
/// Runs a planned sale day through a ShopDriver: shoppers from the catalog
/// (the missing ones created and marked simulated), carts kept by the shop,
/// every checkout through its transaction, shortages turned into partial
/// fills and lost revenue, all of it accounted in a SaleLedger.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulate/event_plan.hpp"
#include "simulate/sale_ledger.hpp"
#include "simulate/shop_driver.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// The segment of customers the simulation creates.
inline constexpr const char* kSimulatedSegment = "Simulated";

/// How a day is run.
struct SaleRunOptions {
  PlanOptions plan;
  int64_t customers = 100;
  /// Shoppers working at once; a customer's events always stay on one of
  /// them, in order. 1 gives the same outcome for the same seed every time.
  int concurrency = 1;
};

/// A finished day.
struct SaleRun {
  std::unique_ptr<SaleLedger> ledger;
  TimestampUs end = 0;
  int64_t customers_created = 0;
};

/// The shoppers: the catalog's first `count` customers by id, plus
/// `sim-0001`… (segment `Simulated`) created in `database` when it has fewer.
/// Returns them and how many were created.
std::vector<SaleCustomer> prepare_shoppers(Database& database, int64_t count, DayNumber join_date,
                                           int64_t& created);

/// Runs the day. The products and their stock are read from `database` as
/// the day starts; the shoppers' carts are emptied first. Throws UserError
/// for an empty catalog or a shop that refuses a request it should take.
SaleRun run_sale_day(Database& database, ShopDriver& driver, const SaleRunOptions& options);

}  // namespace ecomflow
