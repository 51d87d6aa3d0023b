#include "core/catalog.hpp"

#include <algorithm>

namespace ecomflow {

uint16_t Catalog::intern(std::vector<std::string>& names, const std::string& name) {
  const auto found = std::find(names.begin(), names.end(), name);
  if (found != names.end()) return uint16_t(found - names.begin());
  names.push_back(name);
  return uint16_t(names.size() - 1);
}

bool Catalog::add_customer(std::string id, DayNumber join_date, std::string segment) {
  if (find_customer(id)) return false;
  const uint16_t segment_index = intern(segments_, segment);
  customers_.push_back({std::move(id), join_date, std::move(segment), segment_index});
  customer_index_.insert(customers_, customers_.back().id, uint32_t(customers_.size() - 1));
  return true;
}

bool Catalog::add_product(std::string id, std::string name, std::string category, Cents price,
                          int64_t stock) {
  if (find_product(id)) return false;
  const uint16_t category_index = intern(categories_, category);
  products_.push_back({std::move(id), std::move(name), std::move(category), price, stock, category_index});
  product_index_.insert(products_, products_.back().id, uint32_t(products_.size() - 1));
  return true;
}

}  // namespace ecomflow
