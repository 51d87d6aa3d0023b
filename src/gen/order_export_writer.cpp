#include "gen/order_export_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/order_export.hpp"
#include "gen/output_layout.hpp"
#include "gen/random_source.hpp"

namespace ecomflow {
namespace {

constexpr int kKindCount = int(kOrderFaults.size()) + 1;  // the faults, then a duplicate

// Each bad value is wrong in exactly one way, so the order has one reason only.
constexpr std::array<std::string_view, 3> kBadAmounts = {"abc", "-5.00", "19.999"};
constexpr std::array<std::string_view, 3> kBadStatuses = {"refunded", "PENDING", "returned"};
constexpr std::array<std::string_view, 3> kBadPaymentMethods = {"bitcoin", "CARD", "cheque"};
constexpr std::array<std::string_view, 4> kBadTimestamps = {"2023-02-30 10:00:00", "yesterday",
                                                            "2023-10-23 25:00:00", "23/10/2023 10:00"};
constexpr std::array<std::string_view, 4> kBadQuantities = {"0", "-1", "1.5", "two"};

/// Status and payment method shares of a shop's order book.
std::string_view pick_status(RandomSource& random) {
  const uint32_t draw = random.below(100);
  if (draw < 55) return "delivered";
  if (draw < 70) return "shipped";
  if (draw < 80) return "paid";
  if (draw < 90) return "placed";
  return "cancelled";
}

std::string_view pick_payment_method(RandomSource& random) {
  const uint32_t draw = random.below(100);
  if (draw < 50) return "card";
  if (draw < 72) return "paypal";
  if (draw < 84) return "bank_transfer";
  if (draw < 93) return "cash_on_delivery";
  return "gift_card";
}

/// One order as written: the row's fields and its lines.
struct OrderDraft {
  std::string id;
  std::string customer_id;
  std::string order_date;
  std::string status;
  std::string payment_method;
  std::string total;
  struct Line {
    std::string product_id;
    std::string quantity;
    Cents unit_price;
  };
  std::vector<Line> lines;
  bool extra_field = false;  ///< a malformed row: one field too many
};

std::string order_row(const OrderDraft& order) {
  return fmt::format("{},{},{},{},{},{}{}\n", order.id, order.customer_id, order.order_date, order.status,
                     order.payment_method, order.total, order.extra_field ? ",extra" : "");
}

std::string unknown_id(const Catalog& catalog, char prefix, int start, bool customer) {
  for (int number = start;; ++number) {
    std::string id = fmt::format("{}{:03}", prefix, number);
    if (!(customer ? catalog.find_customer(id) : catalog.find_product(id))) return id;
  }
}

/// One day's two files.
struct DayFiles {
  std::string orders;
  std::string items;
};

/// Builds the orders of day `day_index` and appends them to the day's files.
class DayBuilder {
 public:
  DayBuilder(const GeneratorOptions& options, const Catalog& catalog, OrderExportResult& result)
      : options_(options), catalog_(catalog), result_(result) {}

  DayFiles build(int day_index) {
    const DayNumber day = options_.start_date + day_index;
    RandomSource random(options_.seed, kOrderStream, uint64_t(day_index));
    RandomSource dirt(options_.seed, kOrderDirtyStream, uint64_t(day_index));
    // Weekends sell more (seed 002's finding), by 30%.
    const int count = iso_weekday(day) >= 6 ? options_.orders_per_day * 13 / 10 : options_.orders_per_day;
    std::vector<int64_t> seconds(static_cast<size_t>(count));
    for (int64_t& second : seconds) second = random.between(0, 86'399);
    std::sort(seconds.begin(), seconds.end());
    DayFiles files;
    files.orders = std::string(kOrderExportColumns[0]);
    for (size_t i = 1; i < kOrderExportColumns.size(); ++i)
      files.orders += fmt::format(",{}", kOrderExportColumns[i]);
    files.orders += '\n';
    files.items = std::string(kOrderItemExportColumns[0]);
    for (size_t i = 1; i < kOrderItemExportColumns.size(); ++i)
      files.items += fmt::format(",{}", kOrderItemExportColumns[i]);
    files.items += '\n';
    item_number_ = 0;
    const std::string day_digits =
        format_date(day).substr(0, 4) + format_date(day).substr(5, 2) + format_date(day).substr(8, 2);
    for (int n = 0; n < count; ++n) {
      OrderDraft order = draw_order(random, fmt::format("ORD-{}-{:05}", day_digits, n + 1),
                                    TimestampUs(day) * kMicrosPerDay + seconds[size_t(n)] * kMicrosPerSecond);
      // The dirt stream decides apart from the order's own draws, so the
      // clean orders are the same with or without dirt.
      int kind = -1;
      if (options_.dirty_rate > 0 && dirt.chance(options_.dirty_rate)) {
        kind = turn_;
        turn_ = (turn_ + 1) % kKindCount;
      }
      const bool duplicate = kind == kKindCount - 1;
      const bool orphan =
          kind >= 0 && !duplicate && kOrderFaults[size_t(kind)] == QuarantineReason::kUnknownOrder;
      if (kind >= 0 && !duplicate && !orphan) spoil(order, kOrderFaults[size_t(kind)], dirt);
      write(order, files);
      if (kind < 0 || duplicate || orphan) count_valid(order);
      if (duplicate) {
        files.orders += order_row(order);  // the same row again: the export repeated it
        ++result_.order_rows;
        ++result_.records;
        ++result_.duplicates;
      } else if (orphan) {
        // A line of an order the export does not have.
        files.items +=
            fmt::format("{},{}-X,{},1,{}\n", ++item_number_, order.id, order.lines.front().product_id,
                        format_cents(order.lines.front().unit_price));
        ++result_.item_rows;
        ++result_.records;
        ++result_.faults[size_t(kind)];
      } else if (kind >= 0) {
        ++result_.faults[size_t(kind)];
      }
    }
    return files;
  }

 private:
  OrderDraft draw_order(RandomSource& random, std::string id, TimestampUs time) {
    OrderDraft order;
    order.id = std::move(id);
    const auto& customers = catalog_.customers();
    const auto& products = catalog_.products();
    order.customer_id = customers[random.below(uint32_t(customers.size()))].id;
    std::string date = format_timestamp(time, false);
    date[10] = ' ';
    order.order_date = std::move(date);
    order.status = pick_status(random);
    order.payment_method = pick_payment_method(random);
    const int line_count = int(std::min<int64_t>(random.between(1, 4), int64_t(products.size())));
    Cents total = 0;
    while (int(order.lines.size()) < line_count) {
      const Product& product = products[random.below(uint32_t(products.size()))];
      const bool taken =
          std::any_of(order.lines.begin(), order.lines.end(),
                      [&](const OrderDraft::Line& line) { return line.product_id == product.id; });
      const int64_t quantity = random.between(1, 3);
      if (taken) continue;
      order.lines.push_back({product.id, std::to_string(quantity), product.price});
      total += quantity * product.price;
    }
    order.total = format_cents(total);
    return order;
  }

  void spoil(OrderDraft& order, QuarantineReason reason, RandomSource& dirt) {
    const size_t variant = size_t(dirt.below(12));
    switch (reason) {
      case QuarantineReason::kUnknownCustomer:
        order.customer_id =
            unknown_id(catalog_, 'c', int(catalog_.customers().size()) + 1 + int(variant), true);
        break;
      case QuarantineReason::kUnknownProduct:
        order.lines.front().product_id =
            unknown_id(catalog_, 'p', int(catalog_.products().size()) + 1 + int(variant), false);
        break;
      case QuarantineReason::kBadAmount:
        order.total = kBadAmounts[variant % kBadAmounts.size()];
        break;
      case QuarantineReason::kItemsTotalMismatch:
        order.total = format_cents(*parse_cents(order.total) + 1 + Cents(variant));
        break;
      case QuarantineReason::kBadStatus:
        order.status = kBadStatuses[variant % kBadStatuses.size()];
        break;
      case QuarantineReason::kBadPaymentMethod:
        order.payment_method = kBadPaymentMethods[variant % kBadPaymentMethods.size()];
        break;
      case QuarantineReason::kBadTimestamp:
        order.order_date = kBadTimestamps[variant % kBadTimestamps.size()];
        break;
      case QuarantineReason::kBadQuantity:
        order.lines.front().quantity = kBadQuantities[variant % kBadQuantities.size()];
        break;
      case QuarantineReason::kMissingField:
        order.customer_id.clear();
        break;
      case QuarantineReason::kMalformedRow:
        order.extra_field = true;
        break;
      default:
        ECOMFLOW_CHECK(false);
    }
  }

  void write(const OrderDraft& order, DayFiles& files) {
    files.orders += order_row(order);
    ++result_.order_rows;
    ++result_.records;
    for (const OrderDraft::Line& line : order.lines) {
      files.items += fmt::format("{},{},{},{},{}\n", ++item_number_, order.id, line.product_id, line.quantity,
                                 format_cents(line.unit_price));
      ++result_.item_rows;
    }
  }

  void count_valid(const OrderDraft& order) {
    ++result_.valid_orders;
    result_.valid_lines += int64_t(order.lines.size());
    result_.valid_total += *parse_cents(order.total);
  }

  const GeneratorOptions& options_;
  const Catalog& catalog_;
  OrderExportResult& result_;
  int turn_ = 0;
  int64_t item_number_ = 0;
};

}  // namespace

int64_t OrderExportResult::quarantined() const {
  return std::accumulate(faults.begin(), faults.end(), int64_t(0));
}

OrderExportResult generate_order_exports(const GeneratorOptions& options, const Catalog& catalog) {
  if (options.orders_per_day < 1) throw UsageError("--orders-per-day must be at least 1");
  if (catalog.customers().empty() || catalog.products().empty())
    throw UsageError("the catalog needs at least one customer and one product");
  const bool dirty = options.dirty_rate > 0;
  const std::filesystem::path manifest = options.out / kDirtyManifestName;
  if (!options.force) {
    // Check everything before writing anything: a refused run leaves no trace.
    for (int day = 0; day < options.day_count(); ++day) {
      refuse_existing(options.out / orders_export_name(options.start_date + day));
      refuse_existing(options.out / order_items_export_name(options.start_date + day));
    }
    if (dirty) refuse_existing(manifest);
  }
  std::filesystem::create_directories(options.out);
  OrderExportResult result;
  DayBuilder builder(options, catalog, result);
  for (int day = 0; day < options.day_count(); ++day) {
    const DayFiles files = builder.build(day);
    const std::filesystem::path orders = options.out / orders_export_name(options.start_date + day);
    const std::filesystem::path items = options.out / order_items_export_name(options.start_date + day);
    // The items first: a run that sees an orders file finds its items beside it.
    write_file_atomically(items, files.items);
    write_file_atomically(orders, files.orders);
    result.files.push_back(orders);
    result.files.push_back(items);
    result.bytes += int64_t(files.orders.size() + files.items.size());
  }
  if (dirty) {
    result.manifest = manifest;
    write_file_atomically(manifest, order_manifest_json(options, result));
  } else if (options.force) {
    std::filesystem::remove(manifest);  // a stale manifest would describe dirt that is gone
  }
  return result;
}

std::string order_manifest_json(const GeneratorOptions& options, const OrderExportResult& result) {
  std::string out = "{\n";
  out += fmt::format("  \"profile\": \"orders\",\n  \"seed\": {},\n  \"dirty_rate\": {},\n", options.seed,
                     options.dirty_rate);
  out += fmt::format("  \"order_rows\": {},\n  \"item_rows\": {},\n  \"records_written\": {},\n",
                     result.order_rows, result.item_rows, result.records);
  out += "  \"quarantined\": {\n";
  for (size_t i = 0; i < kOrderFaults.size(); ++i)
    out += fmt::format("    \"{}\": {}{}\n", quarantine_reason_name(kOrderFaults[i]), result.faults[i],
                       i + 1 < kOrderFaults.size() ? "," : "");
  out += "  },\n";
  out += fmt::format("  \"quarantined_total\": {},\n  \"duplicates\": {},\n", result.quarantined(),
                     result.duplicates);
  out += fmt::format("  \"records_readable\": {},\n", result.records);
  out += fmt::format("  \"valid\": {},\n", result.valid_orders);
  out += fmt::format("  \"valid_order_lines\": {},\n", result.valid_lines);
  out += fmt::format("  \"valid_total_amount\": \"{}\"\n", format_cents(result.valid_total));
  out += "}\n";
  return out;
}

}  // namespace ecomflow
