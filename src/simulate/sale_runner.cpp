#include "simulate/sale_runner.hpp"

#include <fmt/format.h>

#include <exception>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "store/catalog_store.hpp"

namespace ecomflow {
namespace {

constexpr TimestampUs kMinuteUs = 60'000'000;

/// One day's shared state: the ledger and its lock, the product lookup.
class SaleState {
 public:
  SaleState(SaleLedger& ledger, ShopDriver& driver, std::string key_prefix)
      : ledger_(ledger), driver_(driver), key_prefix_(std::move(key_prefix)) {
    for (uint32_t i = 0; i < ledger_.products().size(); ++i)
      product_index_.emplace(ledger_.products()[i].id, i);
  }

  /// Plays one event of the plan (index `number`).
  void play(const PlannedEvent& event, size_t number) {
    const std::string& customer = ledger_.customers()[event.customer].id;
    const SaleProduct& product = ledger_.products()[event.product];
    driver_.add_to_cart(customer, product.id, event.quantity);
    {
      const std::lock_guard lock(mutex_);
      ledger_.count_event(event.customer, event.action);
      ledger_.added(event.customer);
    }
    if (event.action == CartAction::kAbandon) abandon(event);
    if (event.action == CartAction::kCheckout) checkout(event, number);
  }

 private:
  uint32_t index_of(const std::string& product_id) const {
    const auto found = product_index_.find(product_id);
    if (found == product_index_.end())
      throw UserError(
          fmt::format("the shop answered with product '{}', which the catalog did not have when the "
                      "day started",
                      product_id));
    return found->second;
  }

  void abandon(const PlannedEvent& event) {
    const std::string& customer = ledger_.customers()[event.customer].id;
    Cents value = 0;
    for (const DriverCartLine& line : driver_.cart(customer))
      value += line.quantity * ledger_.products()[index_of(line.product_id)].price;
    driver_.clear_cart(customer);
    const std::lock_guard lock(mutex_);
    ledger_.abandoned(event.customer, value);
  }

  /// Checks the cart out; a short line is cut to what is left (removed when
  /// nothing is) and the rest of the cart tried again, so a partly served
  /// cart still becomes an order. Each try has its own idempotency key.
  void checkout(const PlannedEvent& event, size_t number) {
    const std::string& customer = ledger_.customers()[event.customer].id;
    std::map<std::string, int64_t> first_requested;  // short lines: what the shopper first asked for
    std::vector<LineOutcome> lines;
    for (int attempt = 0;; ++attempt) {
      const DriverCheckout result =
          driver_.checkout(customer, fmt::format("{}-{}-{}", key_prefix_, number, attempt));
      if (result.outcome == DriverCheckout::Outcome::kOutOfStock) {
        ECOMFLOW_CHECK(!result.shortages.empty());
        for (const DriverShortage& shortage : result.shortages) {
          ECOMFLOW_CHECK_LT(shortage.available, shortage.requested);
          first_requested.emplace(shortage.product_id, shortage.requested);
          driver_.set_quantity(customer, shortage.product_id, std::max<int64_t>(shortage.available, 0));
          const std::lock_guard lock(mutex_);
          ledger_.stock_out(index_of(shortage.product_id), event.time);
        }
        continue;
      }
      Cents sold_total = 0;
      for (const DriverOrderLine& item : result.items) {
        const auto asked = first_requested.find(item.product_id);
        const int64_t requested = asked == first_requested.end() ? item.quantity : asked->second;
        if (asked != first_requested.end()) first_requested.erase(asked);
        lines.push_back({index_of(item.product_id), requested, item.quantity, item.unit_price});
        sold_total += item.quantity * item.unit_price;
      }
      ECOMFLOW_CHECK_EQ(sold_total, result.total);
      // Lines cut to nothing are not in the order: all of them went unmet.
      for (const auto& [product_id, requested] : first_requested) {
        const uint32_t index = index_of(product_id);
        lines.push_back({index, requested, 0, ledger_.products()[index].price});
      }
      const std::lock_guard lock(mutex_);
      ledger_.checked_out(event.customer, lines);
      return;
    }
  }

  SaleLedger& ledger_;
  ShopDriver& driver_;
  std::string key_prefix_;
  std::unordered_map<std::string, uint32_t> product_index_;
  std::mutex mutex_;  // guards ledger_
};

std::vector<SaleProduct> read_products(Database& database) {
  const Catalog catalog = read_catalog(database);
  std::vector<SaleProduct> products;
  for (const Product& product : catalog.products())
    products.push_back({product.id, product.name, product.category, product.price, product.stock});
  return products;
}

}  // namespace

std::vector<SaleCustomer> prepare_shoppers(Database& database, int64_t count, DayNumber join_date,
                                           int64_t& created) {
  created = 0;
  std::vector<SaleCustomer> shoppers;
  const auto existing = database.query(
      "SELECT customer_id, segment FROM customers ORDER BY customer_id LIMIT $1", {std::to_string(count)});
  for (const auto& row : existing.rows)
    shoppers.push_back({row[0].value_or(""), row[1].value_or("") == kSimulatedSegment});
  for (int64_t next = 1; int64_t(shoppers.size()) < count; ++next) {
    const std::string id = fmt::format("sim-{:04}", next);
    const auto inserted = database.query(
        "INSERT INTO customers (customer_id, join_date, segment) VALUES ($1, $2, $3) "
        "ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id",
        {id, format_date(join_date), std::string(kSimulatedSegment)});
    if (inserted.rows.empty()) continue;  // taken, and already among the first `count`
    shoppers.push_back({id, true});
    ++created;
  }
  return shoppers;
}

SaleRun run_sale_day(Database& database, ShopDriver& driver, const SaleRunOptions& options) {
  if (options.customers < 1) throw UsageError("--customers must be at least 1");
  if (options.concurrency < 1) throw UsageError("--concurrency must be at least 1");
  SaleRun run;
  std::vector<SaleProduct> products = read_products(database);
  // Checked before any shopper is created, so a wrong --db changes nothing.
  if (products.empty())
    throw UserError(
        fmt::format("the catalog in {} has no products: import one with `ecomflow catalog import`",
                    database.display_name()));
  std::vector<SaleCustomer> shoppers =
      prepare_shoppers(database, options.customers, day_of(options.plan.start), run.customers_created);
  run.ledger = std::make_unique<SaleLedger>(std::move(products), std::move(shoppers));
  const std::vector<PlannedEvent> plan =
      plan_events(options.plan, run.ledger->customers().size(), run.ledger->products().size());
  for (const SaleCustomer& customer : run.ledger->customers()) driver.clear_cart(customer.id);
  driver.commit();

  // Keys must not meet an earlier run's orders (that would replay them).
  SaleState state(
      *run.ledger, driver,
      fmt::format("cyberday-{:016x}", std::random_device{}() * 0x100000001ULL ^ uint64_t(now_utc())));
  // A worker plays its events in order and commits its grouped cart changes
  // (if the driver groups them) as each simulated minute ends and at the end.
  const auto play_events = [&](int worker) {
    TimestampUs minute = -1;
    for (size_t i = 0; i < plan.size(); ++i) {
      if (int(plan[i].customer % uint32_t(options.concurrency)) != worker) continue;
      if (plan[i].time / kMinuteUs != minute) {
        driver.commit();
        minute = plan[i].time / kMinuteUs;
      }
      state.play(plan[i], i);
    }
    driver.commit();
  };
  if (options.concurrency == 1) {
    play_events(0);
  } else {
    std::vector<std::exception_ptr> failures(size_t(options.concurrency));
    {
      std::vector<std::jthread> shoppers;
      for (int worker = 0; worker < options.concurrency; ++worker)
        shoppers.emplace_back([&, worker] {
          try {
            play_events(worker);
          } catch (...) {
            failures[size_t(worker)] = std::current_exception();
          }
        });
    }
    for (const std::exception_ptr& failure : failures)
      if (failure) std::rethrow_exception(failure);
  }
  run.ledger->finish();
  run.end = plan.empty() ? options.plan.start : plan.back().time;
  return run;
}

}  // namespace ecomflow
