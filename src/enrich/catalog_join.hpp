#pragma once
/// Resolves a contract-checked record's customer and product against the
/// catalog, producing the Event every later stage uses.

#include "core/catalog.hpp"
#include "core/event.hpp"
#include "validate/contract.hpp"

namespace ecomflow {

/// Looks up catalog ids; a record whose customer or product is not in the
/// catalog is rejected (`unknown_customer` / `unknown_product`), never
/// silently dropped the way an inner join would.
class CatalogJoin {
 public:
  explicit CatalogJoin(const Catalog& catalog) : catalog_(catalog) {}

  /// Fills `event` (all fields but `fingerprint`) and returns true, or fills
  /// `rejection` and returns false.
  bool resolve(const CheckedRecord& record, Event& event, Rejection& rejection) const;

  const Catalog& catalog() const { return catalog_; }

 private:
  const Catalog& catalog_;
};

}  // namespace ecomflow
