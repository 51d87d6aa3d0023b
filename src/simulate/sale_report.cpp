#include "simulate/sale_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "core/atomic_file.hpp"
#include "core/logging.hpp"
#include "report/html_markup.hpp"
#include "report/html_report_style.hpp"
#include "report/number_format.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {
namespace {

/// Bars a top-N chart shows (the seed's top-selling chart shows 15).
constexpr size_t kTopBars = 15;
/// Stock-outs the stock_out_times chart lists, earliest first.
constexpr size_t kStockOutBars = 20;

/// Exact decimal text of minor units: 17663 -> "176.63".
std::string decimal(Cents amount) { return format_cents(amount); }

/// Category totals, built from the product tallies.
struct CategoryTally {
  std::string name;
  int64_t products = 0;
  Cents price_sum = 0;
  int64_t units_sold = 0;
  Cents revenue = 0;
  int64_t units_unmet = 0;
  Cents lost_revenue = 0;
  int64_t products_out = 0;
};

std::vector<CategoryTally> category_tallies(const SaleLedger& ledger) {
  std::map<std::string, CategoryTally> by_name;
  for (size_t i = 0; i < ledger.products().size(); ++i) {
    const SaleProduct& product = ledger.products()[i];
    const ProductTally& tally = ledger.product_tallies()[i];
    CategoryTally& category = by_name[product.category];
    category.name = product.category;
    ++category.products;
    category.price_sum += product.price;
    category.units_sold += tally.units_sold;
    category.revenue += tally.revenue;
    category.units_unmet += tally.units_unmet;
    category.lost_revenue += tally.lost_revenue;
    category.products_out += tally.first_stock_out.has_value();
  }
  std::vector<CategoryTally> categories;
  for (auto& [name, tally] : by_name) categories.push_back(std::move(tally));
  return categories;
}

/// Product indexes ordered by `key` descending, then by id (a total order:
/// the same day always lists the same rows).
template <typename Key>
std::vector<uint32_t> products_by(const SaleLedger& ledger, Key key) {
  std::vector<uint32_t> order(ledger.products().size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto left = key(a), right = key(b);
    if (left != right) return left > right;
    return ledger.products()[a].id < ledger.products()[b].id;
  });
  return order;
}

std::string time_text(const std::optional<TimestampUs>& time) { return time ? format_timestamp(*time) : ""; }

std::string products_csv(const SaleLedger& ledger) {
  std::string csv;
  append_csv_record(csv, {"product_id", "product_name", "category", "price", "initial_stock", "units_sold",
                          "revenue", "final_stock", "units_unmet", "lost_revenue", "first_stock_out"});
  for (uint32_t i : products_by(ledger, [&](uint32_t p) {
         return std::pair(ledger.product_tallies()[p].units_sold, ledger.product_tallies()[p].revenue);
       })) {
    const SaleProduct& product = ledger.products()[i];
    const ProductTally& tally = ledger.product_tallies()[i];
    append_csv_record(
        csv, {product.id, product.name, product.category, decimal(product.price),
              std::to_string(product.initial_stock), std::to_string(tally.units_sold), decimal(tally.revenue),
              std::to_string(product.initial_stock - tally.units_sold), std::to_string(tally.units_unmet),
              decimal(tally.lost_revenue), time_text(tally.first_stock_out)});
  }
  return csv;
}

std::string lost_by_product_csv(const SaleLedger& ledger) {
  std::string csv;
  append_csv_record(csv, {"product_id", "product_name", "category", "price", "units_unmet", "lost_revenue",
                          "first_stock_out"});
  for (uint32_t i :
       products_by(ledger, [&](uint32_t p) { return ledger.product_tallies()[p].lost_revenue; })) {
    const ProductTally& tally = ledger.product_tallies()[i];
    if (tally.units_unmet == 0) break;
    const SaleProduct& product = ledger.products()[i];
    append_csv_record(csv, {product.id, product.name, product.category, decimal(product.price),
                            std::to_string(tally.units_unmet), decimal(tally.lost_revenue),
                            time_text(tally.first_stock_out)});
  }
  return csv;
}

std::string stock_out_csv(const SaleLedger& ledger, TimestampUs start) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < ledger.products().size(); ++i)
    if (ledger.product_tallies()[i].first_stock_out) out.push_back(i);
  std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    const TimestampUs left = *ledger.product_tallies()[a].first_stock_out;
    const TimestampUs right = *ledger.product_tallies()[b].first_stock_out;
    return left != right ? left < right : ledger.products()[a].id < ledger.products()[b].id;
  });
  std::string csv;
  append_csv_record(csv, {"product_id", "product_name", "category", "initial_stock", "first_stock_out",
                          "seconds_after_start", "units_unmet", "lost_revenue"});
  for (uint32_t i : out) {
    const SaleProduct& product = ledger.products()[i];
    const ProductTally& tally = ledger.product_tallies()[i];
    append_csv_record(csv, {product.id, product.name, product.category, std::to_string(product.initial_stock),
                            format_timestamp(*tally.first_stock_out),
                            std::to_string((*tally.first_stock_out - start) / kMicrosPerSecond),
                            std::to_string(tally.units_unmet), decimal(tally.lost_revenue)});
  }
  return csv;
}

std::string categories_csv(std::vector<CategoryTally> categories, bool lost_only) {
  std::sort(categories.begin(), categories.end(), [&](const CategoryTally& a, const CategoryTally& b) {
    const Cents left = lost_only ? a.lost_revenue : a.revenue, right = lost_only ? b.lost_revenue : b.revenue;
    return left != right ? left > right : a.name < b.name;
  });
  std::string csv;
  if (lost_only) {
    append_csv_record(csv, {"category", "units_unmet", "lost_revenue", "products_out_of_stock"});
    for (const CategoryTally& category : categories)
      if (category.units_unmet > 0)
        append_csv_record(csv, {category.name, std::to_string(category.units_unmet),
                                decimal(category.lost_revenue), std::to_string(category.products_out)});
    return csv;
  }
  append_csv_record(csv, {"category", "products", "average_price", "units_sold", "revenue", "units_unmet",
                          "lost_revenue", "products_out_of_stock"});
  for (const CategoryTally& category : categories)
    append_csv_record(csv, {category.name, std::to_string(category.products),
                            decimal(category.price_sum / std::max<int64_t>(category.products, 1)),
                            std::to_string(category.units_sold), decimal(category.revenue),
                            std::to_string(category.units_unmet), decimal(category.lost_revenue),
                            std::to_string(category.products_out)});
  return csv;
}

std::string customers_csv(const SaleLedger& ledger) {
  std::string csv;
  append_csv_record(csv, {"customer_id", "simulated", "events", "carts", "orders", "abandoned_carts",
                          "units_bought", "revenue", "lost_revenue"});
  for (size_t i = 0; i < ledger.customers().size(); ++i) {
    const SaleCustomer& customer = ledger.customers()[i];
    const CustomerTally& tally = ledger.customer_tallies()[i];
    append_csv_record(
        csv, {customer.id, customer.simulated ? "true" : "false", std::to_string(tally.events),
              std::to_string(tally.carts), std::to_string(tally.orders), std::to_string(tally.abandoned),
              std::to_string(tally.units), decimal(tally.revenue), decimal(tally.lost_revenue)});
  }
  return csv;
}

ChartSpec base_spec(const SaleDay& day, ChartKind kind, std::string title) {
  ChartSpec spec;
  spec.kind = kind;
  spec.title = std::move(title);
  spec.money_symbol = currency_symbol(day.currency);
  return spec;
}

/// Price bins on a 1-2-5 scale: marketplace prices span three orders of
/// magnitude, so equal-width bins would put nearly everything in the first.
std::vector<Cents> price_edges(Cents highest) {
  std::vector<Cents> edges = {0};
  for (Cents decade = 100; edges.back() <= highest; decade *= 10)
    for (Cents step : {1, 2, 5}) {
      edges.push_back(step * decade);
      if (edges.back() > highest) break;
    }
  return edges;
}

ChartSpec price_distribution(const SaleDay& day) {
  const auto& products = day.ledger->products();
  Cents highest = 0;
  for (const SaleProduct& product : products) highest = std::max(highest, product.price);
  const std::vector<Cents> edges = price_edges(highest);
  ChartSpec spec = base_spec(day, ChartKind::kHistogram, "Product prices");
  spec.subtitle = fmt::format("{} products; bins on a 1-2-5 scale", format_integer(int64_t(products.size())));
  spec.category_title = fmt::format("Price ({})", day.currency);
  spec.value_title = "Products";
  spec.bin_format = ValueFormat::kMoney;
  std::vector<double> counts(edges.size() - 1, 0);
  for (const SaleProduct& product : products) {
    const size_t bin =
        size_t(std::upper_bound(edges.begin(), edges.end(), product.price) - edges.begin()) - 1;
    counts[std::min(bin, counts.size() - 1)] += 1;
  }
  for (Cents edge : edges) spec.bin_edges.push_back(double(edge));
  for (size_t i = 0; i + 1 < edges.size(); ++i) spec.categories.push_back("");
  spec.series = {{"Products", counts}};
  return spec;
}

}  // namespace

std::vector<SaleChart> sale_charts(const SaleDay& day) {
  const SaleLedger& ledger = *day.ledger;
  const SaleTotals& totals = ledger.totals();
  std::vector<CategoryTally> categories = category_tallies(ledger);
  std::vector<SaleChart> charts;

  {
    std::sort(categories.begin(), categories.end(), [](const CategoryTally& a, const CategoryTally& b) {
      return a.products != b.products ? a.products > b.products : a.name < b.name;
    });
    ChartSpec spec = base_spec(day, ChartKind::kHorizontalBar, "Products per category");
    spec.subtitle = fmt::format("{} products in {} top-level categories",
                                format_integer(int64_t(ledger.products().size())), categories.size());
    spec.value_title = "Products";
    ChartSeries series{"Products", {}};
    for (const CategoryTally& category : categories) {
      spec.categories.push_back(category.name);
      series.values.push_back(double(category.products));
    }
    spec.series = {series};
    charts.push_back({"categories_distribution", spec});
  }
  charts.push_back({"price_distribution", price_distribution(day)});
  {
    ChartSpec spec = base_spec(day, ChartKind::kBar, "Cart events and how checkouts ended");
    spec.subtitle =
        fmt::format("{} events over {} carts", format_integer(totals.events), format_integer(totals.carts));
    spec.category_title = "Event";
    spec.value_title = "Events";
    spec.categories = {"Add to cart", "Checkout, filled", "Checkout, partly filled", "Checkout, no stock",
                       "Abandon"};
    spec.series = {{"Events",
                    {double(totals.add_to_cart_events), double(totals.completed - totals.partially_filled),
                     double(totals.partially_filled), double(totals.failed), double(totals.abandon_events)}}};
    charts.push_back({"cart_events", spec});
  }
  {
    ChartSpec spec = base_spec(day, ChartKind::kHorizontalBar, "Top-selling products");
    spec.subtitle = fmt::format("Units sold, top {}", kTopBars);
    spec.value_title = "Units sold";
    ChartSeries series{"Units", {}};
    for (uint32_t i :
         products_by(ledger, [&](uint32_t p) { return ledger.product_tallies()[p].units_sold; })) {
      if (spec.categories.size() == kTopBars || ledger.product_tallies()[i].units_sold == 0) break;
      spec.categories.push_back(ledger.products()[i].name);
      series.values.push_back(double(ledger.product_tallies()[i].units_sold));
    }
    spec.series = {series};
    charts.push_back({"top_selling_products", spec});
  }
  const auto category_chart = [&](const char* name, const char* title, const char* value_title,
                                  Cents CategoryTally::*member) {
    std::sort(categories.begin(), categories.end(), [&](const CategoryTally& a, const CategoryTally& b) {
      return a.*member != b.*member ? a.*member > b.*member : a.name < b.name;
    });
    ChartSpec spec = base_spec(day, ChartKind::kHorizontalBar, title);
    spec.value_title = fmt::format("{} ({})", value_title, day.currency);
    spec.value_format = ValueFormat::kMoney;
    ChartSeries series{value_title, {}};
    for (const CategoryTally& category : categories) {
      if (category.*member == 0) continue;
      spec.categories.push_back(category.name);
      series.values.push_back(double(category.*member));
    }
    spec.series = {series};
    return SaleChart{name, spec};
  };
  charts.push_back(
      category_chart("top_categories", "Revenue by category", "Revenue", &CategoryTally::revenue));
  charts.back().spec.subtitle =
      fmt::format("{} in total", format_money(totals.revenue, currency_symbol(day.currency)));
  charts.push_back(category_chart("lost_revenue_by_category", "Revenue lost to stock-outs by category",
                                  "Lost revenue", &CategoryTally::lost_revenue));
  charts.back().spec.subtitle = fmt::format("{} in total: unmet units × price",
                                            format_money(totals.lost_revenue, currency_symbol(day.currency)));
  {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < ledger.products().size(); ++i)
      if (ledger.product_tallies()[i].first_stock_out) out.push_back(i);
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
      const TimestampUs left = *ledger.product_tallies()[a].first_stock_out;
      const TimestampUs right = *ledger.product_tallies()[b].first_stock_out;
      return left != right ? left < right : ledger.products()[a].id < ledger.products()[b].id;
    });
    ChartSpec spec = base_spec(day, ChartKind::kHorizontalBar, "First stock-outs");
    spec.subtitle = fmt::format("{} products ran out; the first {}, by time after the sale opened",
                                format_integer(int64_t(out.size())), std::min(out.size(), kStockOutBars));
    spec.value_title = "Time after the start";
    spec.value_format = ValueFormat::kDuration;
    ChartSeries series{"Time", {}};
    for (size_t k = 0; k < out.size() && k < kStockOutBars; ++k) {
      spec.categories.push_back(ledger.products()[out[k]].name);
      series.values.push_back(double(*ledger.product_tallies()[out[k]].first_stock_out - day.plan.start) /
                              double(kMicrosPerSecond));
    }
    spec.series = {series};
    charts.push_back({"stock_out_times", spec});
  }
  {
    ChartSpec spec = base_spec(day, ChartKind::kBar, "Revenue earned and lost");
    spec.subtitle = fmt::format("Success rate {} (earned / (earned + lost to stock-outs))",
                                format_percent(totals.success_rate()));
    spec.category_title = "";
    spec.value_title = fmt::format("Amount ({})", day.currency);
    spec.value_format = ValueFormat::kMoney;
    spec.categories = {"Earned", "Lost to stock-outs", "Left in abandoned carts"};
    spec.series = {
        {"Amount", {double(totals.revenue), double(totals.lost_revenue), double(totals.abandoned_value)}}};
    charts.push_back({"revenue_comparison", spec});
  }
  return charts;
}

std::string sale_summary_json(const SaleDay& day) {
  const SaleTotals& totals = day.ledger->totals();
  const auto money = [](Cents amount) { return fmt::format("\"{}\"", format_cents(amount)); };
  std::string json = "{\n";
  const auto field = [&](const char* name, const std::string& value, bool last = false) {
    json += fmt::format("  \"{}\": {}{}\n", name, value, last ? "" : ",");
  };
  field("currency", fmt::format("\"{}\"", json_escape(day.currency)));
  field("seed", std::to_string(day.plan.seed));
  field("start", fmt::format("\"{}\"", format_timestamp(day.plan.start)));
  field("end", fmt::format("\"{}\"", format_timestamp(day.end)));
  field("action_mix", fmt::format("{{\"add_to_cart\": {}, \"checkout\": {}, \"abandon\": {}}}",
                                  day.plan.mix.add_to_cart, day.plan.mix.checkout, day.plan.mix.abandon));
  field("customers", std::to_string(day.ledger->customers().size()));
  field("customers_created", std::to_string(day.customers_created));
  field("products", std::to_string(day.ledger->products().size()));
  field("events", std::to_string(totals.events));
  field("events_by_action",
        fmt::format("{{\"add_to_cart\": {}, \"checkout\": {}, \"abandon\": {}}}", totals.add_to_cart_events,
                    totals.checkout_events, totals.abandon_events));
  field("carts", std::to_string(totals.carts));
  field("completed", std::to_string(totals.completed));
  field("partially_filled", std::to_string(totals.partially_filled));
  field("failed_no_stock", std::to_string(totals.failed));
  field("abandoned", std::to_string(totals.abandoned));
  field("open_at_end", std::to_string(totals.open_at_end));
  field("units_sold", std::to_string(totals.units_sold));
  field("units_unmet", std::to_string(totals.units_unmet));
  field("stock_outs", std::to_string(totals.stock_out_lines));
  field("products_out_of_stock", std::to_string(totals.products_out));
  field("revenue", money(totals.revenue));
  field("revenue_minor_units", std::to_string(totals.revenue));
  field("lost_revenue", money(totals.lost_revenue));
  field("lost_revenue_minor_units", std::to_string(totals.lost_revenue));
  field("abandoned_value", money(totals.abandoned_value));
  field("success_rate", fmt::format("{:.6f}", totals.success_rate()));
  field("conversion", fmt::format("{:.6f}", totals.conversion()));
  field("abandonment", fmt::format("{:.6f}", totals.abandonment()), true);
  return json + "}\n";
}

namespace {

std::string html_page(const SaleDay& day, const std::vector<SaleChart>& charts) {
  const SaleTotals& totals = day.ledger->totals();
  const std::string symbol = currency_symbol(day.currency);
  const auto tile = [](std::string_view label, const std::string& value, const std::string& note) {
    return fmt::format(
        "<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div>"
        "<div class=\"note\">{}</div></div>\n",
        html_escape(label), html_escape(value), html_escape(note));
  };
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Cyberday sale "
      "simulation</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<section "
      "id=\"cyberday\">\n<h1>Cyberday sale "
      "simulation</h1>\n<p>{} events from {} to {} (seed {}), {} shoppers, {} products; checkouts went "
      "through the "
      "shop's own cart and order code.</p>\n",
      html_report_style(), format_integer(totals.events), html_escape(format_timestamp(day.plan.start)),
      html_escape(format_timestamp(day.end)), day.plan.seed,
      format_integer(int64_t(day.ledger->customers().size())),
      format_integer(int64_t(day.ledger->products().size())));
  html += "<section class=\"kpis\" aria-label=\"Key figures\">\n";
  html +=
      tile("Revenue", format_money_compact(totals.revenue, 1, symbol), format_money(totals.revenue, symbol));
  html += tile("Lost to stock-outs", format_money_compact(totals.lost_revenue, 1, symbol),
               format_integer(totals.units_unmet) + " units unmet");
  html += tile("Success rate", format_percent(totals.success_rate()), "earned / (earned + lost)");
  html += tile("Conversion", format_percent(totals.conversion()),
               format_integer(totals.completed) + " of " + format_integer(totals.carts) + " carts");
  html +=
      tile("Abandonment", format_percent(totals.abandonment()), format_integer(totals.abandoned) + " carts");
  html += tile("Products out of stock", format_integer(totals.products_out),
               format_integer(totals.partially_filled) + " partly filled orders");
  html += "</section>\n";
  for (const SaleChart& chart : charts)
    html += fmt::format("<figure class=\"card\">{}</figure>\n",
                        inline_svg(render_chart_svg(chart.spec), chart.spec.title));
  return html + "</section>\n</main>\n</body>\n</html>\n";
}

}  // namespace

void write_sale_report(const SaleDay& day, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  const SaleLedger& ledger = *day.ledger;
  const auto write = [&](const char* name, const std::string& text) {
    write_file_atomically(directory / name, text);
  };
  write("summary.json", sale_summary_json(day));
  write("products.csv", products_csv(ledger));
  write("categories.csv", categories_csv(category_tallies(ledger), false));
  write("lost_revenue_by_product.csv", lost_by_product_csv(ledger));
  write("lost_revenue_by_category.csv", categories_csv(category_tallies(ledger), true));
  write("stock_out_times.csv", stock_out_csv(ledger, day.plan.start));
  write("customers.csv", customers_csv(ledger));
  const std::vector<SaleChart> charts = sale_charts(day);
  for (const SaleChart& chart : charts)
    render_chart(chart.spec, directory / (chart.name + ".png"), ChartFormat::kPng);
  write("index.html", html_page(day, charts));
}

std::string sale_console_summary(const SaleDay& day, double elapsed_seconds) {
  const SaleLedger& ledger = *day.ledger;
  const SaleTotals& totals = ledger.totals();
  const std::string symbol = currency_symbol(day.currency);
  std::map<std::string, int> categories;
  for (const SaleProduct& product : ledger.products()) ++categories[product.category];
  std::string text = fmt::format("Cyberday simulation ({})\n", day.mode);
  const auto line = [&](std::string_view label, const std::string& value) {
    text += fmt::format("  {:<22} {}\n", label, value);
  };
  line("events", fmt::format("{} ({} add to cart, {} checkout, {} abandon)", format_integer(totals.events),
                             format_integer(totals.add_to_cart_events),
                             format_integer(totals.checkout_events), format_integer(totals.abandon_events)));
  line("revenue", format_money(totals.revenue, symbol));
  line("lost to stock-outs", fmt::format("{} ({} units)", format_money(totals.lost_revenue, symbol),
                                         format_integer(totals.units_unmet)));
  line("success rate", format_percent(totals.success_rate()));
  line("carts", fmt::format("{}: {} completed ({} partly filled), {} failed for stock, {} abandoned, {} open",
                            format_integer(totals.carts), format_integer(totals.completed),
                            format_integer(totals.partially_filled), format_integer(totals.failed),
                            format_integer(totals.abandoned), format_integer(totals.open_at_end)));
  line("conversion", format_percent(totals.conversion()));
  line("abandonment", format_percent(totals.abandonment()));
  line("products",
       fmt::format("{} in {} categories, {} ran out", format_integer(int64_t(ledger.products().size())),
                   categories.size(), format_integer(totals.products_out)));
  line("customers",
       fmt::format("{} ({} created for the simulation)", format_integer(int64_t(ledger.customers().size())),
                   format_integer(day.customers_created)));
  line("elapsed",
       fmt::format(
           "{:.2f} s ({} events/s)", elapsed_seconds,
           format_integer(elapsed_seconds > 0 ? int64_t(double(totals.events) / elapsed_seconds) : 0)));
  return text;
}

}  // namespace ecomflow
