#include "store/warehouse_dimensions.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_map>

#include "core/error.hpp"
#include "store/warehouse_row_text.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// The current version of a member as stored.
struct CurrentVersion {
  int64_t key;
  TimestampUs valid_from;
  std::string tracked;    ///< the type-2 attributes, joined
  std::string corrected;  ///< the type-1 attributes, joined
};

int64_t to_integer(const std::optional<std::string>& text) { return text ? std::stoll(*text) : 0; }

TimestampUs to_timestamp(Database& database, const std::optional<std::string>& text) {
  const auto time = parse_timestamp(text.value_or(""));
  if (!time)
    throw UserError(fmt::format("bad valid_from '{}' in a dimension of {}", text.value_or("NULL"),
                                database.display_name()));
  return *time;
}

std::unordered_map<std::string, CurrentVersion> read_current(Database& database, const std::string& sql) {
  std::unordered_map<std::string, CurrentVersion> current;
  for (auto& row : database.query(warehouse_sql(database, sql)).rows) {
    current[row[0].value_or("")] = {to_integer(row[1]), to_timestamp(database, row[2]), row[3].value_or(""),
                                    row[4].value_or("")};
  }
  return current;
}

/// What sync does with one member whose current version differs.
enum class Change { kNone, kNewMember, kNewVersion, kCorrectCurrent };

Change change_for(const CurrentVersion* current, const std::string& tracked, TimestampUs effective) {
  if (!current) return Change::kNewMember;
  if (current->tracked == tracked) return Change::kNone;
  // A version that starts at or after the change has never been valid before
  // it: correct it instead of leaving a version of zero or negative length.
  return effective > current->valid_from ? Change::kNewVersion : Change::kCorrectCurrent;
}

void close_version(Database& database, const std::string& table, const std::string& key_column, int64_t key,
                   const std::string& valid_to) {
  database.query(
      warehouse_sql(database, fmt::format("UPDATE {} SET valid_to = $1, is_current = FALSE WHERE {} = $2",
                                          table, key_column)),
      {valid_to, std::to_string(key)});
}

DimensionChanges sync_customers(Database& database, const Catalog& catalog, TimestampUs effective) {
  const auto current = read_current(
      database,
      "SELECT customer_id, customer_key, CAST(valid_from AS TEXT), segment, CAST(join_date AS TEXT) "
      "FROM warehouse.dim_customer WHERE is_current");
  TimestampText timestamps;
  const std::string effective_text = timestamps.format(effective);
  DimensionChanges changes;
  std::vector<std::pair<const Customer*, TimestampUs>> inserts;
  for (const Customer& customer : catalog.customers()) {
    const auto found = current.find(customer.id);
    const CurrentVersion* version = found == current.end() ? nullptr : &found->second;
    const std::string join_date = format_date(customer.join_date);
    if (version && version->corrected != join_date) {
      database.query(warehouse_sql(database,
                                   "UPDATE warehouse.dim_customer SET join_date = $1, join_date_key = $2 "
                                   "WHERE customer_id = $3"),
                     {join_date, std::to_string(date_key_of(customer.join_date)), customer.id});
      ++changes.members_corrected;
    }
    switch (change_for(version, customer.segment, effective)) {
      case Change::kNone:
        break;
      case Change::kNewMember:
        inserts.emplace_back(&customer, kValidSinceEver);
        ++changes.customers_added;
        break;
      case Change::kNewVersion:
        close_version(database, "warehouse.dim_customer", "customer_key", version->key, effective_text);
        inserts.emplace_back(&customer, effective);
        ++changes.customer_versions_added;
        break;
      case Change::kCorrectCurrent:
        database.query(
            warehouse_sql(database, "UPDATE warehouse.dim_customer SET segment = $1 WHERE customer_key = $2"),
            {customer.segment, std::to_string(version->key)});
        ++changes.members_corrected;
        break;
    }
  }
  size_t next = 0;
  const std::string forever = timestamps.format(kValidForever);
  database.bulk_insert(
      warehouse_sql(database, "warehouse.dim_customer"),
      {"customer_id", "join_date", "join_date_key", "segment", "valid_from", "valid_to", "is_current"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (next == inserts.size()) return false;
        const auto& [customer, valid_from] = inserts[next++];
        row = {customer->id,
               format_date(customer->join_date),
               std::to_string(date_key_of(customer->join_date)),
               customer->segment,
               timestamps.format(valid_from),
               forever,
               "1"};
        return true;
      });
  return changes;
}

void sync_products(Database& database, const Catalog& catalog, TimestampUs effective,
                   DimensionChanges& changes) {
  const auto current = read_current(database,
                                    "SELECT product_id, product_key, CAST(valid_from AS TEXT), "
                                    "CAST(price_cents AS TEXT) || '|' || category, product_name "
                                    "FROM warehouse.dim_product WHERE is_current");
  TimestampText timestamps;
  const std::string effective_text = timestamps.format(effective);
  std::vector<std::pair<const Product*, TimestampUs>> inserts;
  for (const Product& product : catalog.products()) {
    const auto found = current.find(product.id);
    const CurrentVersion* version = found == current.end() ? nullptr : &found->second;
    if (version && version->corrected != product.name) {
      database.query(
          warehouse_sql(database, "UPDATE warehouse.dim_product SET product_name = $1 WHERE product_id = $2"),
          {product.name, product.id});
      ++changes.members_corrected;
    }
    switch (change_for(version, fmt::format("{}|{}", product.price, product.category), effective)) {
      case Change::kNone:
        break;
      case Change::kNewMember:
        inserts.emplace_back(&product, kValidSinceEver);
        ++changes.products_added;
        break;
      case Change::kNewVersion:
        close_version(database, "warehouse.dim_product", "product_key", version->key, effective_text);
        inserts.emplace_back(&product, effective);
        ++changes.product_versions_added;
        break;
      case Change::kCorrectCurrent:
        database.query(
            warehouse_sql(database,
                          "UPDATE warehouse.dim_product SET category = $1, price = $2, price_cents = $3 "
                          "WHERE product_key = $4"),
            {product.category, format_cents(product.price), std::to_string(product.price),
             std::to_string(version->key)});
        ++changes.members_corrected;
        break;
    }
  }
  size_t next = 0;
  const std::string forever = timestamps.format(kValidForever);
  database.bulk_insert(warehouse_sql(database, "warehouse.dim_product"),
                       {"product_id", "product_name", "category", "price", "price_cents", "valid_from",
                        "valid_to", "is_current"},
                       [&](std::vector<std::optional<std::string>>& row) {
                         if (next == inserts.size()) return false;
                         const auto& [product, valid_from] = inserts[next++];
                         row = {product->id,
                                product->name,
                                product->category,
                                format_cents(product->price),
                                std::to_string(product->price),
                                timestamps.format(valid_from),
                                forever,
                                "1"};
                         return true;
                       });
}

/// Versions by catalog index; members not in the catalog are skipped.
template <typename Find>
std::vector<std::vector<DimensionVersion>> read_versions(Database& database, const std::string& sql,
                                                         size_t size, const Find& find) {
  std::vector<std::vector<DimensionVersion>> versions(size);
  for (const auto& row : database.query(warehouse_sql(database, sql)).rows) {
    const auto index = find(row[0].value_or(""));
    if (!index) continue;
    versions[*index].push_back({to_timestamp(database, row[2]), to_integer(row[1]), to_integer(row[3])});
  }
  return versions;
}

}  // namespace

DimensionKeys::DimensionKeys(std::vector<std::vector<DimensionVersion>> customers,
                             std::vector<std::vector<DimensionVersion>> products)
    : customers_(std::move(customers)), products_(std::move(products)) {}

const DimensionVersion& DimensionKeys::at(const std::vector<std::vector<DimensionVersion>>& members,
                                          uint32_t index, TimestampUs time) {
  ECOMFLOW_CHECK_LT(size_t(index), members.size());
  const auto& versions = members[index];
  ECOMFLOW_CHECK(!versions.empty());
  // Almost every member has one version; the rest have a handful.
  for (size_t i = versions.size(); i-- > 1;)
    if (versions[i].valid_from <= time) return versions[i];
  return versions[0];
}

DimensionChanges sync_dimensions(Database& database, const Catalog& catalog, TimestampUs effective) {
  DimensionChanges changes = sync_customers(database, catalog, effective);
  sync_products(database, catalog, effective, changes);
  return changes;
}

DimensionKeys read_dimension_keys(Database& database, const Catalog& catalog) {
  auto customers = read_versions(
      database,
      "SELECT customer_id, customer_key, CAST(valid_from AS TEXT), 0 FROM warehouse.dim_customer "
      "ORDER BY customer_id, valid_from",
      catalog.customers().size(), [&](const std::string& id) { return catalog.find_customer(id); });
  auto products = read_versions(
      database,
      "SELECT product_id, product_key, CAST(valid_from AS TEXT), price_cents FROM warehouse.dim_product "
      "ORDER BY product_id, valid_from",
      catalog.products().size(), [&](const std::string& id) { return catalog.find_product(id); });
  for (size_t i = 0; i < customers.size(); ++i)
    if (customers[i].empty())
      throw UserError(fmt::format("customer {} has no dim_customer row", catalog.customers()[i].id));
  for (size_t i = 0; i < products.size(); ++i)
    if (products[i].empty())
      throw UserError(fmt::format("product {} has no dim_product row", catalog.products()[i].id));
  return DimensionKeys(std::move(customers), std::move(products));
}

}  // namespace ecomflow
