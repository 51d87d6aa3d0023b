#include "marketplace/marketplace_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/logging.hpp"
#include "gen/random_source.hpp"
#include "marketplace/marketplace_values.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {

const std::vector<std::string_view> kMarketplaceColumns = {
    "product_id",          "product_name", "category",     "discounted_price", "actual_price",
    "discount_percentage", "rating",       "rating_count", "about_product",    "user_id",
    "user_name",           "review_id",    "review_title", "review_content",   "img_link",
    "product_link"};

namespace {

/// Its own stream, so stock draws never shift any other seeded data.
constexpr uint64_t kMarketplaceStockStream = 0x5770c4;

/// Column positions of one file's header.
struct Columns {
  std::unordered_map<std::string_view, size_t> index;
  std::optional<size_t> stock;

  size_t at(std::string_view name) const { return index.at(name); }
};

void append_json_field(std::string& json, std::string_view key, std::string_view value) {
  json += json.size() > 1 ? ",\"" : "\"";
  json += key;
  json += "\":\"";
  json += json_escape(value);
  json += '"';
}

void append_json_list(std::string& json, std::string_view key, const std::vector<std::string_view>& values) {
  json += json.size() > 1 ? ",\"" : "\"";
  json += key;
  json += "\":[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) json += ',';
    json += '"';
    json += json_escape(values[i]);
    json += '"';
  }
  json += ']';
}

/// `about_product` bullets are joined by `|`; empty bullets are dropped.
std::vector<std::string_view> split_bullets(std::string_view text) {
  std::vector<std::string_view> bullets;
  for (size_t start = 0; start <= text.size();) {
    size_t bar = text.find('|', start);
    if (bar == std::string_view::npos) bar = text.size();
    const std::string_view bullet = trim_blank(text.substr(start, bar - start));
    if (!bullet.empty()) bullets.push_back(bullet);
    start = bar + 1;
  }
  return bullets;
}

/// A product being built, with the extra paths its repeats brought.
struct Draft {
  MarketplaceProduct product;
  std::optional<int> discount_percent;
  std::vector<std::string> fields;  ///< the winning row, for metadata
  std::vector<std::string> other_paths;
};

std::string metadata_json(const Draft& draft, const Columns& columns) {
  const auto field = [&](std::string_view name) -> std::string_view {
    return draft.fields[columns.at(name)];
  };
  std::string json = "{";
  append_json_field(json, "source", "amazon.in");
  if (draft.discount_percent) json += fmt::format(",\"discount_percent\":{}", *draft.discount_percent);
  const auto bullets = split_bullets(field("about_product"));
  if (!bullets.empty()) append_json_list(json, "about_product", bullets);
  for (std::string_view name : {"img_link", "product_link"})
    if (!field(name).empty()) append_json_field(json, name, field(name));
  // The review columns hold comma-joined lists whose texts contain commas
  // themselves, so they are kept as given rather than split wrongly.
  std::string review = "{";
  for (std::string_view name : {"user_id", "user_name", "review_id", "review_title", "review_content"})
    if (!field(name).empty()) append_json_field(review, name, field(name));
  if (review.size() > 1) json += ",\"reviews\":" + review + "}";
  if (!draft.other_paths.empty()) {
    const std::vector<std::string_view> paths(draft.other_paths.begin(), draft.other_paths.end());
    append_json_list(json, "also_in_categories", paths);
  }
  return json + "}";
}

}  // namespace

bool is_marketplace_header(const std::vector<std::string>& header) {
  return std::all_of(kMarketplaceColumns.begin(), kMarketplaceColumns.end(), [&](std::string_view column) {
    return std::find(header.begin(), header.end(), column) != header.end();
  });
}

std::string_view problem_name(MarketplaceRowProblem problem) {
  switch (problem) {
    case MarketplaceRowProblem::kMissingId:
      return "missing_id";
    case MarketplaceRowProblem::kMissingName:
      return "missing_name";
    case MarketplaceRowProblem::kBadPrice:
      return "bad_price";
    case MarketplaceRowProblem::kBadStock:
      return "bad_stock";
    case MarketplaceRowProblem::kWrongFieldCount:
      return "wrong_field_count";
  }
  return "unknown";
}

std::map<std::string, int64_t> MarketplaceImport::quarantined_by_reason() const {
  std::map<std::string, int64_t> counts;
  for (const QuarantinedRow& row : quarantined) ++counts[std::string(problem_name(row.problem))];
  return counts;
}

int64_t tiered_stock(std::string_view product_id, Cents price, uint64_t seed) {
  RandomSource random(seed, kMarketplaceStockStream, hash_bytes(product_id));
  if (price < 500'00) return random.between(150, 300);
  if (price < 2'000'00) return random.between(80, 150);
  return random.between(30, 100);
}

MarketplaceImport read_marketplace_csv(std::string_view text, const MarketplaceStockRule& rule) {
  CsvParse parse = parse_csv(text);
  if (parse.error) throw UserError(fmt::format("bad marketplace file: {}", *parse.error));
  if (parse.records.empty() || !is_marketplace_header(parse.records.front().fields))
    throw UserError("bad marketplace file: the header does not name the export's columns");
  const std::vector<std::string>& header = parse.records.front().fields;
  Columns columns;
  for (size_t i = 0; i < header.size(); ++i) columns.index.emplace(header[i], i);
  if (const auto stock = columns.index.find("stock"); stock != columns.index.end())
    columns.stock = stock->second;

  MarketplaceImport result;
  result.stock_from_file = columns.stock.has_value();
  std::vector<Draft> drafts;
  std::unordered_map<std::string, size_t> draft_of_id;
  for (size_t r = 1; r < parse.records.size(); ++r) {
    CsvRecord& record = parse.records[r];
    ++result.rows_read;
    const auto quarantine = [&](MarketplaceRowProblem problem, std::string detail) {
      result.quarantined.push_back({record.line, problem, std::move(detail)});
    };
    if (record.fields.size() != header.size()) {
      quarantine(MarketplaceRowProblem::kWrongFieldCount,
                 fmt::format("{} fields, the header has {}", record.fields.size(), header.size()));
      continue;
    }
    const auto field = [&](std::string_view name) -> const std::string& {
      return record.fields[columns.at(name)];
    };
    const std::string id(trim_blank(field("product_id")));
    const std::string name(trim_blank(field("product_name")));
    if (id.empty()) {
      quarantine(MarketplaceRowProblem::kMissingId, "empty product_id");
      continue;
    }
    if (name.empty()) {
      quarantine(MarketplaceRowProblem::kMissingName, fmt::format("product '{}': empty product_name", id));
      continue;
    }
    const auto price = parse_marketplace_price(field("discounted_price"));
    if (!price) {
      quarantine(MarketplaceRowProblem::kBadPrice,
                 fmt::format("product '{}': discounted_price '{}'", id, field("discounted_price")));
      continue;
    }
    std::optional<int64_t> stock;
    if (columns.stock) {
      const std::string_view stock_text = trim_blank(record.fields[*columns.stock]);
      stock = parse_grouped_count(stock_text);
      if (!stock) {
        quarantine(MarketplaceRowProblem::kBadStock, fmt::format("product '{}': stock '{}'", id, stock_text));
        continue;
      }
    }
    if (const auto known = draft_of_id.find(id); known != draft_of_id.end()) {
      ++result.repeats_merged;
      Draft& first = drafts[known->second];
      const std::string& path = field("category");
      if (path != first.product.category_path &&
          std::find(first.other_paths.begin(), first.other_paths.end(), path) == first.other_paths.end())
        first.other_paths.push_back(path);
      continue;
    }

    Draft draft;
    MarketplaceProduct& product = draft.product;
    product.id = id;
    product.name = name;
    product.category_path = field("category");
    product.category =
        std::string(trim_blank(product.category_path.substr(0, product.category_path.find('|'))));
    product.price = *price;
    product.line = record.line;
    const auto nulled = [&](std::string_view column) {
      result.nulled.push_back({record.line, id, std::string(column), field(column)});
    };
    if (!trim_blank(field("actual_price")).empty()) {
      product.list_price = parse_marketplace_price(field("actual_price"));
      if (!product.list_price) nulled("actual_price");
    }
    if (!trim_blank(field("discount_percentage")).empty()) {
      draft.discount_percent = parse_discount_percent(field("discount_percentage"));
      if (!draft.discount_percent) nulled("discount_percentage");
    }
    if (!trim_blank(field("rating")).empty()) {
      product.rating_tenths = parse_rating_tenths(field("rating"));
      if (!product.rating_tenths) nulled("rating");
    }
    if (trim_blank(field("rating_count")).empty()) {
      ++result.missing_rating_counts;
    } else {
      product.rating_count = parse_grouped_count(field("rating_count"));
      if (!product.rating_count) nulled("rating_count");
    }
    product.stock = stock ? *stock : tiered_stock(id, *price, rule.seed);
    draft.fields = std::move(record.fields);
    draft_of_id.emplace(id, drafts.size());
    drafts.push_back(std::move(draft));
  }
  result.products.reserve(drafts.size());
  for (Draft& draft : drafts) {
    draft.product.metadata = metadata_json(draft, columns);
    result.products.push_back(std::move(draft.product));
  }
  return result;
}

std::vector<std::string> read_csv_header(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
  std::string line;
  std::getline(in, line);
  CsvParse parse = parse_csv(line);
  if (parse.error || parse.records.empty()) return {};
  return std::move(parse.records.front().fields);
}

}  // namespace ecomflow
