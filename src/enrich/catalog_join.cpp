#include "enrich/catalog_join.hpp"

#include "core/hash.hpp"

namespace ecomflow {

bool CatalogJoin::resolve(const CheckedRecord& record, Event& event, Rejection& rejection) const {
  const auto customer = catalog_.find_customer(record.customer_id);
  if (!customer) {
    rejection = {QuarantineReason::kUnknownCustomer, "customer_id is not in the catalog"};
    return false;
  }
  uint32_t product = kNoProduct;
  if (record.type != EventType::kPageView) {
    const auto found = catalog_.find_product(record.product_id);
    if (!found) {
      rejection = {QuarantineReason::kUnknownProduct, "product_id is not in the catalog"};
      return false;
    }
    product = *found;
  }
  event.time = record.time;
  event.session_key = record.session_id.empty() ? 0 : hash_bytes(record.session_id, 0x5e55) | 1;
  event.customer = *customer;
  event.product = product;
  event.quantity = record.quantity;
  event.type = record.type;
  return true;
}

}  // namespace ecomflow
