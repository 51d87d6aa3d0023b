#pragma once
/// The amazon.in marketplace export (Kaggle "Amazon Sales Dataset"): its
/// header, and the products read from it exactly, with every row accounted
/// for (a product, a merged repeat, or quarantined with a reason).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace ecomflow {

/// The export's sixteen columns, in file order.
extern const std::vector<std::string_view> kMarketplaceColumns;

/// Whether a CSV header names every column of the export (extra columns,
/// such as `stock`, are allowed).
bool is_marketplace_header(const std::vector<std::string>& header);

/// One product of the export, after repeats are merged.
struct MarketplaceProduct {
  std::string id;
  std::string name;
  std::string category;              ///< the top level of the category tree
  std::string category_path;         ///< the whole tree, `A|B|C`
  Cents price = 0;                   ///< `discounted_price`, in paise
  std::optional<Cents> list_price;   ///< `actual_price`; null when unreadable
  std::optional<int> rating_tenths;  ///< `4.2` -> 42; null when missing or unreadable
  std::optional<int64_t> rating_count;
  int64_t stock = 0;
  std::string metadata;  ///< a JSON object: the export's other columns
  int64_t line = 0;      ///< the line of the row that made the product
};

/// Why a row is quarantined (stable names).
enum class MarketplaceRowProblem { kMissingId, kMissingName, kBadPrice, kBadStock, kWrongFieldCount };

/// The stable name of a problem: `missing_id`, `missing_name`, `bad_price`,
/// `bad_stock`, `wrong_field_count`.
std::string_view problem_name(MarketplaceRowProblem problem);

/// One quarantined row: where, why, and the raw text of its id field.
struct QuarantinedRow {
  int64_t line;
  MarketplaceRowProblem problem;
  std::string detail;  ///< e.g. "discounted_price '₹abc'"
};

/// A value that could not be read and became null (the row was kept).
struct NulledValue {
  int64_t line;
  std::string product_id;
  std::string column;
  std::string value;
};

/// Everything read from one file. rows_read = products + repeats_merged + quarantined.
struct MarketplaceImport {
  std::vector<MarketplaceProduct> products;  ///< in first-seen order
  int64_t rows_read = 0;
  int64_t repeats_merged = 0;
  std::vector<QuarantinedRow> quarantined;
  std::vector<NulledValue> nulled;    ///< bad ratings, counts, list prices, discounts
  int64_t missing_rating_counts = 0;  ///< empty rating_count cells (null, not an error)
  bool stock_from_file = false;       ///< a `stock` column was given
  std::string currency = "INR";

  /// Quarantined rows per problem name.
  std::map<std::string, int64_t> quarantined_by_reason() const;
};

/// How stock is assigned when the file has no `stock` column.
struct MarketplaceStockRule {
  uint64_t seed = 42;
};

/// The stock a product gets from its price tier, drawn from a stream keyed
/// by (seed, product id), so it does not depend on row order: below 500.00
/// 150–300, below 2,000.00 80–150, else 30–100.
int64_t tiered_stock(std::string_view product_id, Cents price, uint64_t seed);

/// Reads the export from CSV text (already known to have the header).
/// Repeats of a product id: the first usable row wins every field; later
/// rows are counted in repeats_merged and their category paths, when
/// different, are kept in metadata `also_in_categories`.
MarketplaceImport read_marketplace_csv(std::string_view text, const MarketplaceStockRule& rule);

/// Reads the header row of a CSV file (for format recognition).
std::vector<std::string> read_csv_header(const std::filesystem::path& path);

}  // namespace ecomflow
