/// `ecomflow catalog`: load the product/customer catalog from CSV files into
/// the database, and write it back out as CSV and a PostgreSQL init.sql.

#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/command.hpp"
#include "store/catalog_store.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Paths given to `catalog import` and `catalog export`.
struct CatalogFlags {
  std::string customers;
  std::string products;
  std::string out = "catalog";
};

int run_import(const CatalogFlags& flags, const Settings& settings) {
  // Read and check both files before touching the database.
  const Catalog catalog = read_catalog_csv(flags.customers, flags.products);
  const std::unique_ptr<Database> database = Database::open(settings.get("db"));
  migrate(*database);
  write_catalog(*database, catalog);
  fmt::print("imported {} customers and {} products into {}\n", catalog.customers().size(),
             catalog.products().size(), database->display_name());
  return 0;
}

int run_export(const CatalogFlags& flags, const Settings& settings) {
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  const Catalog catalog = read_catalog(*database);
  const std::filesystem::path out = flags.out;
  std::filesystem::create_directories(out);
  write_catalog_csv(catalog, out);
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
      "Replace the catalog tables with customers.csv and products.csv (creates the schema if needed)");
  import->add_option("--customers", flags->customers, "CSV with customer_id,join_date,segment")
      ->required()
      ->type_name("FILE");
  import->add_option("--products", flags->products, "CSV with product_id,product_name,category,price[,stock]")
      ->required()
      ->type_name("FILE");
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
