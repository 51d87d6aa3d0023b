#include "gen/catalog_generator.hpp"

#include <fmt/format.h>

#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

constexpr std::array<std::string_view, 5> kProductWords = {"Alpha", "Beta", "Gamma", "Delta", "Omega"};
// Shop prices end in familiar cents rather than uniformly random ones.
constexpr std::array<int, 5> kPriceEndings = {99, 95, 50, 0, 49};

/// Segment shares of a typical customer base: most are regular buyers.
std::string_view pick_segment(RandomSource& random) {
  const uint32_t draw = random.below(100);
  if (draw < 15) return "VIP";
  if (draw < 40) return "New";
  if (draw < 85) return "Regular";
  return "Lapsed";
}

}  // namespace

std::string customer_id(int number) { return fmt::format("c{:03}", number); }
std::string product_id(int number) { return fmt::format("p{:03}", number); }

Catalog generate_catalog(const CatalogOptions& options) {
  Catalog catalog;
  RandomSource random(options.seed, kCatalogStream);
  for (int number = 1; number <= options.customers; ++number) {
    const std::string_view segment = pick_segment(random);
    // New customers joined recently, Lapsed ones long ago; the rest anywhere in three years.
    const int max_age_days = segment == "New" ? 90 : 3 * 365;
    const int min_age_days = segment == "Lapsed" ? 365 : 0;
    const DayNumber join_date =
        options.reference_date - DayNumber(random.between(min_age_days, max_age_days));
    catalog.add_customer(customer_id(number), join_date, std::string(segment));
  }
  for (int number = 1; number <= options.products; ++number) {
    const std::string_view word = kProductWords[random.below(kProductWords.size())];
    const std::string_view category = kCategories[random.below(kCategories.size())];
    const Cents price = random.between(10, 499) * 100 + kPriceEndings[random.below(kPriceEndings.size())];
    const int64_t stock = random.between(0, 500);
    catalog.add_product(product_id(number), fmt::format("Product {} {}", word, number), std::string(category),
                        price, stock);
  }
  return catalog;
}

}  // namespace ecomflow
