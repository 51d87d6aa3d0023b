#pragma once
/// The warehouse's type-2 dimensions: dim_customer (a segment change starts a
/// new version) and dim_product (a price or category change does). Names and
/// join dates are type 1: corrected in place on every version.

#include <cstdint>
#include <vector>

#include "core/catalog.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// One version of a dimension member: its surrogate key from `valid_from` on.
struct DimensionVersion {
  TimestampUs valid_from;
  int64_t key;
  Cents price;  ///< dim_product only: the unit price of this version
};

/// The surrogate keys of every version, by catalog index, so facts find the
/// version valid at their event time without a database round trip.
class DimensionKeys {
 public:
  DimensionKeys(std::vector<std::vector<DimensionVersion>> customers,
                std::vector<std::vector<DimensionVersion>> products);

  /// The dim_customer version of catalog customer `customer` at `time`.
  const DimensionVersion& customer(uint32_t customer, TimestampUs time) const {
    return at(customers_, customer, time);
  }
  /// The dim_product version of catalog product `product` at `time`.
  const DimensionVersion& product(uint32_t product, TimestampUs time) const {
    return at(products_, product, time);
  }

 private:
  static const DimensionVersion& at(const std::vector<std::vector<DimensionVersion>>& members, uint32_t index,
                                    TimestampUs time);

  std::vector<std::vector<DimensionVersion>> customers_;  ///< by catalog index, valid_from ascending
  std::vector<std::vector<DimensionVersion>> products_;
};

/// What a dimension sync changed.
struct DimensionChanges {
  int64_t customers_added = 0;          ///< new members
  int64_t customer_versions_added = 0;  ///< segment changes
  int64_t products_added = 0;
  int64_t product_versions_added = 0;  ///< price or category changes
  int64_t members_corrected = 0;       ///< attributes rewritten in place (name, join date, a current version)

  /// Whether any dimension row was added or rewritten.
  bool any() const {
    return customers_added + customer_versions_added + products_added + product_versions_added +
               members_corrected >
           0;
  }
};

/// Brings dim_customer and dim_product in line with `catalog`: new members
/// get a first version valid since ever; a changed tracked attribute closes
/// the current version at `effective` and opens a new one (or corrects the
/// current version when it starts at or after `effective`). Members missing
/// from the catalog keep their last version. Runs in the caller's transaction.
DimensionChanges sync_dimensions(Database& database, const Catalog& catalog, TimestampUs effective);

/// Every version's key, for the members of `catalog` (after sync_dimensions).
DimensionKeys read_dimension_keys(Database& database, const Catalog& catalog);

}  // namespace ecomflow
