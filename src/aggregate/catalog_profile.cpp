#include "aggregate/catalog_profile.hpp"

#include <algorithm>

namespace ecomflow {

std::vector<CategoryProfile> category_profiles(const Catalog& catalog) {
  std::vector<CategoryProfile> profiles(catalog.categories().size());
  std::vector<Cents> price_sums(profiles.size(), 0);
  for (size_t i = 0; i < profiles.size(); ++i) profiles[i].category = catalog.categories()[i];
  for (const Product& product : catalog.products()) {
    CategoryProfile& profile = profiles[product.category_index];
    profile.min_price = profile.products == 0 ? product.price : std::min(profile.min_price, product.price);
    profile.max_price = profile.products == 0 ? product.price : std::max(profile.max_price, product.price);
    ++profile.products;
    profile.stock += product.stock;
    price_sums[product.category_index] += product.price;
  }
  for (size_t i = 0; i < profiles.size(); ++i) {
    if (profiles[i].products > 0)
      profiles[i].average_price = (price_sums[i] + profiles[i].products / 2) / profiles[i].products;
  }
  return profiles;
}

std::vector<PriceBin> price_distribution(const Catalog& catalog) {
  const Cents lowers[] = {0, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
  std::vector<PriceBin> bins;
  for (size_t i = 0; i < std::size(lowers); ++i)
    bins.push_back({lowers[i], i + 1 < std::size(lowers) ? lowers[i + 1] : INT64_MAX, 0});
  for (const Product& product : catalog.products()) {
    // Negative prices (bad catalog rows) land in the first bin rather than nowhere.
    auto bin = std::upper_bound(std::begin(lowers), std::end(lowers), product.price);
    const size_t index = bin == std::begin(lowers) ? 0 : size_t(bin - std::begin(lowers) - 1);
    ++bins[index].products;
  }
  return bins;
}

}  // namespace ecomflow
