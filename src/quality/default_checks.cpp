/// The built-in check set. ecomflow.toml.example spells out the same set as
/// `[[checks]]` (a test keeps the two equal), so users start from it.

#include "quality/check_config.hpp"

namespace ecomflow {
namespace {

CheckSpec check(std::string name, CheckType type, Severity severity, std::string table,
                std::vector<std::string> columns = {}) {
  CheckSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.severity = severity;
  spec.table = std::move(table);
  spec.columns = std::move(columns);
  return spec;
}

CheckSpec relationship(std::string name, std::string table, std::string column, std::string to_table,
                       std::string to_column) {
  CheckSpec spec = check(std::move(name), CheckType::kRelationships, Severity::kError, std::move(table),
                         {std::move(column)});
  spec.to_table = std::move(to_table);
  spec.to_column = std::move(to_column);
  return spec;
}

CheckSpec range(std::string name, std::string table, std::string column, std::optional<std::string> min,
                std::optional<std::string> max) {
  CheckSpec spec =
      check(std::move(name), CheckType::kRange, Severity::kError, std::move(table), {std::move(column)});
  spec.min = std::move(min);
  spec.max = std::move(max);
  return spec;
}

/// Warehouse checks are skipped on a database without the warehouse.
CheckSpec in_warehouse(CheckSpec spec) {
  spec.skip_if_missing = true;
  return spec;
}

}  // namespace

std::vector<CheckSpec> default_checks() {
  const auto kError = Severity::kError;
  const auto kWarn = Severity::kWarn;
  std::vector<CheckSpec> checks;
  checks.push_back(
      check("customers_key_not_null", CheckType::kNotNull, kError, "customers", {"customer_id"}));
  checks.push_back(check("customers_key_unique", CheckType::kUnique, kError, "customers", {"customer_id"}));
  checks.push_back(check("products_key_unique", CheckType::kUnique, kError, "products", {"product_id"}));
  checks.push_back(range("products_price_positive", "products", "price", "0.01", std::nullopt));

  CheckSpec segments =
      check("customers_segment_known", CheckType::kAcceptedValues, kWarn, "customers", {"segment"});
  segments.values = {"VIP", "New", "Regular", "Lapsed"};
  checks.push_back(segments);
  CheckSpec categories =
      check("products_category_known", CheckType::kAcceptedValues, kWarn, "products", {"category"});
  categories.values = {"Electronics", "Books", "Clothing", "Home & Garden", "Sports & Outdoors"};
  checks.push_back(categories);

  checks.push_back(check("sales_facts_complete", CheckType::kNotNull, kError, "sales_facts",
                         {"event_time", "customer_id", "product_id", "quantity", "unit_price_cents"}));
  checks.push_back(
      relationship("sales_facts_customer_known", "sales_facts", "customer_id", "customers", "customer_id"));
  checks.push_back(
      relationship("sales_facts_product_known", "sales_facts", "product_id", "products", "product_id"));
  checks.push_back(range("sales_facts_quantity_range", "sales_facts", "quantity", "1", "10000"));
  checks.push_back(range("sales_facts_price_positive", "sales_facts", "unit_price_cents", "1", std::nullopt));

  CheckSpec rows = check("sales_facts_not_empty", CheckType::kRowCount, kWarn, "sales_facts");
  rows.min = std::string("1");
  checks.push_back(rows);
  CheckSpec freshness =
      check("sales_facts_fresh", CheckType::kFreshness, kWarn, "sales_facts", {"event_time"});
  freshness.max_age_hours = 48;
  checks.push_back(freshness);
  CheckSpec volume =
      check("sales_facts_volume", CheckType::kVolumeAnomaly, kWarn, "sales_facts", {"event_time"});
  volume.days = 7;
  volume.z_threshold = 3;
  checks.push_back(volume);
  CheckSpec quarantine = check("quarantine_rate", CheckType::kQuarantineRate, kWarn, "");
  quarantine.max_rate = 0.05;
  quarantine.warn_if = Threshold{">", 0.05};
  quarantine.error_if = Threshold{">", 0.5};
  checks.push_back(quarantine);

  checks.push_back(in_warehouse(relationship("fact_sales_customer_known", "warehouse.fact_sales",
                                             "customer_key", "warehouse.dim_customer", "customer_key")));
  checks.push_back(in_warehouse(relationship("fact_sales_product_known", "warehouse.fact_sales",
                                             "product_key", "warehouse.dim_product", "product_key")));
  checks.push_back(in_warehouse(relationship("fact_sales_date_known", "warehouse.fact_sales", "date_key",
                                             "warehouse.dim_date", "date_key")));
  checks.push_back(in_warehouse(relationship("fact_events_customer_known", "warehouse.fact_events",
                                             "customer_key", "warehouse.dim_customer", "customer_key")));
  CheckSpec revenue =
      in_warehouse(check("fact_sales_revenue_exact", CheckType::kSql, kError, "warehouse.fact_sales"));
  revenue.sql = "SELECT * FROM warehouse.fact_sales WHERE revenue_cents <> quantity * unit_price_cents";
  checks.push_back(revenue);
  return checks;
}

}  // namespace ecomflow
