/// `ecomflow simulate cyberday`: a seeded sale day through the shop's own
/// cart and checkout code, in this process or against a running `serve`.

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/command.hpp"
#include "cli/shop_settings.hpp"
#include "commerce/shop.hpp"
#include "core/error.hpp"
#include "simulate/sale_report.hpp"
#include "simulate/sale_runner.hpp"
#include "store/catalog_store.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Flags of `simulate cyberday`.
struct CyberdayFlags {
  int64_t customers = 100;
  int64_t events = 30'000;
  uint64_t seed = 42;
  std::string start = "2026-11-30T00:00:00Z";
  std::string mix = "0.3/0.6/0.1";
  std::string reports = "reports";
  std::string api;
  std::string token_file;
  int concurrency = 1;
  int batch = 500;
};

std::string read_token(const std::string& path) {
  if (path.empty()) {
    const char* token = std::getenv("ECOMFLOW_API_TOKEN");
    return token ? token : "";
  }
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("--token-file: cannot read '{}'", path));
  std::string token;
  std::getline(in, token);
  return token;
}

int run_cyberday(const CyberdayFlags& flags, const Settings& settings) {
  const std::optional<TimestampUs> start = parse_timestamp(flags.start);
  if (!start) throw UsageError(fmt::format("--start '{}' is not an ISO-8601 time", flags.start));
  const std::optional<ActionMix> mix = parse_action_mix(flags.mix);
  if (!mix)
    throw UsageError(fmt::format("--mix '{}' is not three non-negative weights like 0.3/0.6/0.1", flags.mix));
  if (!flags.api.empty() && !settings.get("redis").empty())
    throw UsageError("--redis configures the shop in this process; with --api the server has its own");
  const SaleRunOptions options{
      .plan = {.seed = flags.seed, .events = flags.events, .start = *start, .mix = *mix},
      .customers = flags.customers,
      .concurrency = flags.concurrency};

  // The day sells the catalog already imported: a mistyped --db must not
  // leave an empty database behind.
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  migrate(*database);
  std::unique_ptr<Shop> shop;
  std::unique_ptr<ShopDriver> driver;
  if (flags.api.empty()) {
    shop = std::make_unique<Shop>(shop_options(settings, size_t(std::max(flags.concurrency, 1)) + 1));
    driver = make_in_process_driver(*shop, size_t(flags.batch));
  } else {
    driver = make_http_driver(flags.api, read_token(flags.token_file));
  }
  const auto began = std::chrono::steady_clock::now();
  const SaleRun run = run_sale_day(*database, *driver, options);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  const SaleDay day{.ledger = run.ledger.get(),
                    .currency = read_catalog_currency(*database),
                    .plan = options.plan,
                    .end = run.end,
                    .mode = fmt::format("{}, {} shopper{} at once", driver->describe(), flags.concurrency,
                                        flags.concurrency == 1 ? "" : "s"),
                    .customers_created = run.customers_created};
  const std::filesystem::path directory = std::filesystem::path(flags.reports) / "cyberday";
  write_sale_report(day, directory);
  fmt::print("{}", sale_console_summary(day, elapsed));
  fmt::print("  {:<22} {}\n", "reports", directory.string());
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<CyberdayFlags>();
  CLI::App* command =
      root.add_subcommand("simulate", "Simulate shoppers through the shop's carts and checkout");
  command->require_subcommand(1);
  CLI::App* cyberday = command->add_subcommand(
      "cyberday",
      "A seeded sale day on the catalog in --db: carts, checkouts (partly filled when stock runs short), "
      "abandonment; writes summary.json, CSVs, charts and index.html under REPORTS/cyberday/");
  cyberday
      ->add_option("--customers", flags->customers, "shoppers (missing ones are created, segment Simulated)")
      ->capture_default_str();
  cyberday->add_option("--events", flags->events, "events in the day")->capture_default_str();
  cyberday->add_option("--seed", flags->seed, "random seed: the same seed plays the same day")
      ->capture_default_str();
  cyberday->add_option("--start", flags->start, "the clock at the first event (advances 1-10 s an event)")
      ->capture_default_str()
      ->type_name("TIME");
  cyberday->add_option("--mix", flags->mix, "weights of add-to-cart / checkout / abandon")
      ->capture_default_str()
      ->type_name("A/C/X");
  cyberday->add_option("--reports", flags->reports, "report directory (the day goes into its cyberday/)")
      ->capture_default_str()
      ->type_name("DIR");
  cyberday
      ->add_option("--api", flags->api,
                   "drive a running `ecomflow serve` at this URL instead of the shop in this process (--db "
                   "must name the server's database: the catalog and shoppers are read from it)")
      ->type_name("URL");
  cyberday
      ->add_option("--token-file", flags->token_file,
                   "with --api: file holding the server's bearer token (else ECOMFLOW_API_TOKEN)")
      ->type_name("FILE");
  cyberday
      ->add_option("--concurrency", flags->concurrency,
                   "shoppers at once (a customer's events stay in order); 1 plays the same day every time")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cyberday
      ->add_option("--batch", flags->batch,
                   "in process with carts in the database: cart changes sharing one transaction, at most "
                   "(committed with the next order and every simulated minute; 0: one per change)")
      ->capture_default_str()
      ->type_name("N")
      ->check(CLI::Range(0, 1'000'000));
  add_shop_settings(*cyberday, context.settings);
  cyberday->callback([&context, flags] {
    context.action = [&context, flags] { return run_cyberday(*flags, context.settings); };
  });
}

}  // namespace ecomflow
