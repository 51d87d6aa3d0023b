/// `ecomflow generate`: synthetic shop events and the catalog they refer to.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "gen/catalog_generator.hpp"
#include "gen/generator.hpp"
#include "gen/order_export_writer.hpp"
#include "gen/output_layout.hpp"
#include "store/catalog_store.hpp"

namespace ecomflow {
namespace {

/// The flags that are not settings (they describe one dataset, not an environment).
struct GenerateFlags {
  int weeks = 1;
  std::string start_date = "2023-10-23";
  int parts_per_day = 5;
  int events_per_part = 100;
  int customers = 100;
  int products = 50;
  uint64_t seed = 42;
  std::string profile = "seed001";
  std::string format = "zip";
  bool compact = false;
  double dirty_rate = 0;
  bool force = false;
  int compression_level = 1;
  int orders_per_day = 100;
};

std::string human_bytes(int64_t bytes) {
  if (bytes >= int64_t(1) << 30) return fmt::format("{:.2f} GiB", double(bytes) / double(int64_t(1) << 30));
  if (bytes >= 1 << 20) return fmt::format("{:.1f} MiB", double(bytes) / double(1 << 20));
  if (bytes >= 1 << 10) return fmt::format("{:.1f} KiB", double(bytes) / double(1 << 10));
  return fmt::format("{} B", bytes);
}

GeneratorOptions generator_options(const GenerateFlags& flags, const Settings& settings) {
  GeneratorOptions options;
  options.weeks = flags.weeks;
  const std::optional<DayNumber> start = parse_date(flags.start_date);
  if (!start) throw UsageError(fmt::format("--start-date must be YYYY-MM-DD, got '{}'", flags.start_date));
  options.start_date = *start;
  options.parts_per_day = flags.parts_per_day;
  options.events_per_part = flags.events_per_part;
  options.out = settings.get("out");
  options.seed = flags.seed;
  options.profile = flags.profile == "clickstream" ? Profile::kClickstream
                    : flags.profile == "orders"    ? Profile::kOrders
                                                   : Profile::kSeed001;
  // Order exports are not events: by default they go where `run --orders` looks, not into --events.
  if (options.profile == Profile::kOrders && settings.all().at("out").source == "default")
    options.out = "orders";
  options.orders_per_day = flags.orders_per_day;
  options.format = flags.format == "ndjson" ? OutputFormat::kNdjson : OutputFormat::kZip;
  options.compact = flags.compact;
  options.dirty_rate = flags.dirty_rate;
  options.force = flags.force;
  options.threads = int(settings.get_integer("threads"));
  options.compression_level = flags.compression_level;
  check_generator_options(options);
  return options;
}

/// Stores the catalog in the database and writes its CSV and SQL files.
void publish_catalog(const Catalog& catalog, Database& database, const std::filesystem::path& catalog_out) {
  create_catalog_tables(database);
  write_catalog(database, catalog);
  std::filesystem::create_directories(catalog_out);
  write_catalog_csv(catalog, catalog_out);
  write_catalog_init_sql(catalog, catalog_out / "init.sql");
}

/// Whether two catalogs hold the same customers and products (stock aside:
/// orders change it).
bool same_catalog(const Catalog& left, const Catalog& right) {
  const auto same_customer = [](const Customer& a, const Customer& b) {
    return a.id == b.id && a.join_date == b.join_date && a.segment == b.segment;
  };
  const auto same_product = [](const Product& a, const Product& b) {
    return a.id == b.id && a.name == b.name && a.category == b.category && a.price == b.price;
  };
  return std::equal(left.customers().begin(), left.customers().end(), right.customers().begin(),
                    right.customers().end(), same_customer) &&
         std::equal(left.products().begin(), left.products().end(), right.products().begin(),
                    right.products().end(), same_product);
}

/// Refuses to replace a different, non-empty catalog in the database unless
/// `force`: a catalog someone imported is data, not a by-product.
void guard_catalog(Database& database, const Catalog& generated, bool force) {
  if (force || !database.table_exists("customers") || !database.table_exists("products")) return;
  const Catalog stored = read_catalog(database);
  if (stored.empty() || same_catalog(stored, generated)) return;
  throw UserError(fmt::format(
      "{} already holds a different catalog ({} customers, {} products); refusing to replace it with the "
      "generated one ({} customers, {} products): use --force to replace it, or another --db",
      database.display_name(), stored.customers().size(), stored.products().size(),
      generated.customers().size(), generated.products().size()));
}

/// `--profile orders`: seed 002's order exports over the same catalog.
int run_generate_orders(const GeneratorOptions& options, const Catalog& catalog, Database& database,
                        const Settings& settings, std::chrono::steady_clock::time_point started) {
  const OrderExportResult result = generate_order_exports(options, catalog);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::filesystem::path catalog_out = settings.get("catalog_out");
  publish_catalog(catalog, database, catalog_out);
  fmt::print("generated {} order exports in {}: {} orders, {} order items, {} in {:.2f} s\n",
             result.files.size() / 2, options.out.string(), result.order_rows, result.item_rows,
             human_bytes(result.bytes), seconds);
  fmt::print("catalog: {} customers, {} products -> {}, {}/customers.csv, products.csv, init.sql\n",
             catalog.customers().size(), catalog.products().size(), settings.get("db"), catalog_out.string());
  if (!result.manifest.empty())
    fmt::print("dirty data: {} bad records, {} duplicates; see {}\n", result.quarantined(), result.duplicates,
               result.manifest.string());
  fmt::print("load them with: ecomflow run --orders {}\n", options.out.string());
  return int(ExitCode::kOk);
}

int run_generate(const GenerateFlags& flags, const Settings& settings) {
  const GeneratorOptions options = generator_options(flags, settings);
  if (flags.customers < 1 || flags.products < 1)
    throw UsageError("--customers and --products must be at least 1");
  // Connect first: an unreachable database should fail the command before any data is written.
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  const auto started = std::chrono::steady_clock::now();
  const Catalog catalog = generate_catalog({flags.customers, flags.products, flags.seed, options.start_date});
  // Existing archives are refused first, with their own message (generate_events).
  const std::vector<std::string> names = output_file_names(options);
  const bool archives_in_the_way =
      !flags.force && std::any_of(names.begin(), names.end(), [&](const std::string& name) {
        return std::filesystem::exists(options.out / name);
      });
  if (!archives_in_the_way) guard_catalog(*database, catalog, flags.force);
  if (options.profile == Profile::kOrders)
    return run_generate_orders(options, catalog, *database, settings, started);

  const bool show_progress = isatty(STDERR_FILENO) && options.weeks > 1;
  const GenerateProgress progress = [&](int done, int total, int64_t records) {
    if (!show_progress) return;
    std::fprintf(stderr, "\rgenerating: week %d/%d, %lld events", done, total,
                 static_cast<long long>(records));
    std::fflush(stderr);
  };
  const GenerateResult result = generate_events(options, catalog, progress);
  if (show_progress) std::fprintf(stderr, "\r\033[K");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const std::filesystem::path catalog_out = settings.get("catalog_out");
  publish_catalog(catalog, *database, catalog_out);

  const char* kind = options.format == OutputFormat::kZip ? "archive" : "NDJSON file";
  fmt::print("generated {} {}{} in {}: {} events, {} in {:.2f} s ({:.0f} events/s)\n", result.files.size(),
             kind, result.files.size() == 1 ? "" : "s", options.out.string(), result.records,
             human_bytes(result.bytes), seconds, seconds > 0 ? double(result.records) / seconds : 0.0);
  fmt::print("catalog: {} customers, {} products -> {}, {}/customers.csv, products.csv, init.sql\n",
             catalog.customers().size(), catalog.products().size(), settings.get("db"), catalog_out.string());
  if (!result.notes.empty()) fmt::print("{}\n", result.notes);
  if (!result.manifest.empty())
    fmt::print("dirty data: {} bad records, {} duplicates, {} unreadable records; see {}\n",
               result.dirty.quarantined(), result.dirty.duplicates,
               (result.malformed_file ? result.malformed_file->records : 0) +
                   (result.corrupt_archive ? result.corrupt_archive->records : 0),
               result.manifest.string());
  return int(ExitCode::kOk);
}

}  // namespace

void add_generate_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "generate", "Generate synthetic shop events (seed-001 archives or clickstream) and their catalog");
  auto flags = std::make_shared<GenerateFlags>();
  // Upper bounds keep a mistyped number a usage error, not a failed allocation.
  command->add_option("-c,--weeks", flags->weeks, "number of weeks (one archive each)")
      ->check(CLI::Range(1, 5200))
      ->capture_default_str();
  command->add_option("--start-date", flags->start_date, "first day, YYYY-MM-DD")->capture_default_str();
  command->add_option("--parts-per-day", flags->parts_per_day, "part files per day")->capture_default_str();
  command
      ->add_option("--events-per-part", flags->events_per_part,
                   "events per part file (clickstream: on average)")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  command->add_option("--customers", flags->customers, "customers in the catalog")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  command->add_option("--products", flags->products, "products in the catalog")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "random seed: same seed and flags, same bytes")
      ->capture_default_str();
  command
      ->add_option("--profile", flags->profile,
                   "seed001 | clickstream | orders (seed 002's order exports: orders_<date>.csv and "
                   "order_items_<date>.csv per day, into --out, default 'orders'; read by `run --orders`)")
      ->check(CLI::IsMember({"seed001", "clickstream", "orders"}))
      ->capture_default_str();
  command->add_option("--format", flags->format, "zip (nested archives) | ndjson (one file per day)")
      ->check(CLI::IsMember({"zip", "ndjson"}))
      ->capture_default_str();
  command->add_flag("--compact", flags->compact,
                    "JSON without indentation (smaller, faster; for benchmarks)");
  command
      ->add_option(
          "--dirty-rate", flags->dirty_rate,
          "share 0..1 of records replaced by bad ones and duplicates; also writes one malformed part, "
          "one corrupt day archive and _dirty_manifest.json (orders profile: bad orders of each typed "
          "reason, repeated rows and stray item lines, and the manifest)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      ->add_option("--orders-per-day", flags->orders_per_day,
                   "orders profile: orders of a weekday (weekends have 30% more)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  command
      ->add_option("--compression-level", flags->compression_level, "deflate level of the part files, 0-12")
      ->check(CLI::Range(0, 12))
      ->capture_default_str();
  command->add_flag("--force", flags->force,
                    "overwrite existing archives and replace a different catalog already in --db");
  context.settings.add(*command, "out", "--out", "data", "directory for the event files");
  context.settings.add(*command, "catalog_out", "--catalog-out", "catalog",
                       "directory for customers.csv, products.csv and init.sql");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return run_generate(*flags, context.settings); };
  });
}

}  // namespace ecomflow
