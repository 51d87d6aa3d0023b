/// `ecomflow catalog`: load the product/customer catalog from CSV files into
/// the database, and write it back out as CSV and a PostgreSQL init.sql.

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/shop_settings.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "marketplace/marketplace_catalog.hpp"
#include "marketplace/marketplace_file.hpp"
#include "marketplace/marketplace_store.hpp"
#include "store/catalog_store.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Paths given to `catalog import` and `catalog export`.
struct CatalogFlags {
  std::string customers;
  std::string products;
  std::string out = "catalog";
  uint64_t seed = 42;
};

/// How many problem rows are listed by line before the rest are only counted.
constexpr size_t kListedProblems = 10;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void print_marketplace_summary(const MarketplaceImport& import, const std::string& file,
                               const std::string& database) {
  fmt::print("marketplace export {} ({}): {} rows read, {} products, {} repeats merged, {} quarantined\n",
             file, import.currency, import.rows_read, import.products.size(), import.repeats_merged,
             import.quarantined.size());
  for (const auto& [reason, count] : import.quarantined_by_reason())
    fmt::print("  quarantined {:<18} {}\n", reason, count);
  for (size_t i = 0; i < import.quarantined.size() && i < kListedProblems; ++i)
    fmt::print("    line {}: {}: {}\n", import.quarantined[i].line,
               problem_name(import.quarantined[i].problem), import.quarantined[i].detail);
  if (!import.nulled.empty()) fmt::print("  unreadable values kept as null: {}\n", import.nulled.size());
  for (size_t i = 0; i < import.nulled.size() && i < kListedProblems; ++i)
    fmt::print("    line {}: product '{}' {} '{}'\n", import.nulled[i].line, import.nulled[i].product_id,
               import.nulled[i].column, import.nulled[i].value);
  if (import.missing_rating_counts > 0)
    fmt::print("  rating_count missing (null): {}\n", import.missing_rating_counts);
  fmt::print("  stock: {}\n", import.stock_from_file ? "from the file's stock column"
                                                     : "by price tier (below 500: 150-300, below 2,000: "
                                                       "80-150, else 30-100), seeded");
  fmt::print("imported {} products into {} (customers unchanged)\n", import.products.size(), database);
}

int run_marketplace_import(const CatalogFlags& flags, const Settings& settings) {
  if (!flags.customers.empty())
    throw UsageError(
        "--customers: the marketplace export has no customer file; import its products alone (the "
        "simulator creates the shoppers it needs)");
  const MarketplaceImport import = read_marketplace_csv(read_text(flags.products), {.seed = flags.seed});
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  write_marketplace_products(*database, import);
  forget_cached_products(settings);
  print_marketplace_summary(import, flags.products, database->display_name());
  return 0;
}

/// A marketplace catalog's products.csv as `catalog export` wrote it.
int run_marketplace_catalog_import(const CatalogFlags& flags, const Settings& settings) {
  if (!flags.customers.empty())
    throw UsageError(
        "--customers: a marketplace catalog's products.csv replaces the products alone (customers are "
        "unchanged)");
  const MarketplaceImport import = read_marketplace_catalog_csv(read_text(flags.products), flags.products);
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  write_marketplace_products(*database, import);
  forget_cached_products(settings);
  fmt::print("imported {} products ({}, exported marketplace catalog) into {} (customers unchanged)\n",
             import.products.size(), import.currency, database->display_name());
  return 0;
}

int run_import(const CatalogFlags& flags, const Settings& settings) {
  const std::vector<std::string> header = read_csv_header(flags.products);
  if (is_marketplace_header(header)) return run_marketplace_import(flags, settings);
  if (is_marketplace_catalog_header(header)) return run_marketplace_catalog_import(flags, settings);
  if (flags.customers.empty())
    throw UsageError(fmt::format(
        "--customers FILE is required with '{}' (a products.csv of product_id,product_name,category,price)",
        flags.products));
  // Read and check both files before touching the database.
  const Catalog catalog = read_catalog_csv(flags.customers, flags.products);
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  migrate(*database);
  write_catalog(*database, catalog);
  forget_cached_products(settings);
  fmt::print("imported {} customers and {} products into {}\n", catalog.customers().size(),
             catalog.products().size(), database->display_name());
  return 0;
}

int run_export(const CatalogFlags& flags, const Settings& settings) {
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  const Catalog catalog = read_catalog(*database);
  const std::filesystem::path out = flags.out;
  std::filesystem::create_directories(out);
  // A marketplace catalog keeps its extra columns (list price, rating, …),
  // so importing the export gives the same products back.
  if (has_marketplace_products(*database)) {
    write_customers_csv(catalog, out / "customers.csv");
    write_file_atomically(out / "products.csv",
                          marketplace_catalog_csv(read_marketplace_products(*database)));
  } else {
    write_catalog_csv(catalog, out);
  }
  write_catalog_init_sql(catalog, out / "init.sql");
  fmt::print("exported {} customers and {} products from {} to {}\n", catalog.customers().size(),
             catalog.products().size(), database->display_name(),
             (out / "{customers.csv,products.csv,init.sql}").string());
  return 0;
}

}  // namespace

void add_catalog_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<CatalogFlags>();
  CLI::App* command = root.add_subcommand("catalog", "Import or export the product/customer catalog (--db)");
  command->require_subcommand(1);

  CLI::App* import = command->add_subcommand(
      "import",
      "Replace the catalog tables with customers.csv and products.csv, or the products with the amazon.in "
      "marketplace export (creates the schema if needed)");
  import
      ->add_option("--customers", flags->customers,
                   "CSV with customer_id,join_date,segment (required with a seed-001 products.csv)")
      ->type_name("FILE");
  import
      ->add_option("--products", flags->products,
                   "CSV with product_id,product_name,category,price[,stock], or the amazon.in marketplace "
                   "export (recognised by its header; replaces the products only)")
      ->required()
      ->type_name("FILE");
  import
      ->add_option("--seed", flags->seed,
                   "marketplace export without a stock column: seed of the stock drawn by price tier")
      ->capture_default_str();
  add_redis_setting(*import, context.settings);
  import->callback([&context, flags] { context.action = [&context, flags] { return run_import(*flags, context.settings);
};
}  // namespace ecomflow
);

CLI::App* exporter =
    command->add_subcommand("export", "Write customers.csv, products.csv and init.sql from the database");
exporter->add_option("--out", flags->out, "output directory")->capture_default_str()->type_name("DIR");
exporter->callback([&context, flags] {
  context.action = [&context, flags] { return run_export(*flags, context.settings); };
});
}

}  // namespace ecomflow
