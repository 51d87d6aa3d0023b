#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "aggregate/funnel.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "report/analytics_charts.hpp"
#include "report/analytics_csv.hpp"
#include "report/cyberday_section.hpp"
#include "report/html_markup.hpp"
#include "report/html_report_style.hpp"
#include "report/number_format.hpp"

namespace ecomflow {
namespace {

constexpr size_t kTopProductRows = 10;

double ratio(int64_t part, int64_t whole) { return whole == 0 ? 0.0 : double(part) / double(whole); }

std::string byte_size(int64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  const char* units[] = {"kB", "MB", "GB", "TB"};
  double value = double(bytes) / 1000;
  size_t unit = 0;
  for (; value >= 1000 && unit + 1 < std::size(units); ++unit) value /= 1000;
  return fmt::format("{:.1f} {}", value, units[unit]);
}

/// One KPI tile; `tone` is empty, `good` or `warn`.
std::string kpi(std::string_view label, const std::string& value, const std::string& note,
                std::string_view tone = "") {
  return fmt::format(
      "<div class=\"kpi{}{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>"
      "<div class=\"note\">{}</div></div>\n",
      tone.empty() ? "" : " ", tone, html_escape(label), html_escape(value), html_escape(note));
}

/// Charts over time get a card the width of the page.
bool wide_card(std::string_view name) { return name == "daily_revenue"; }

/// A card holding one chart: the SVG from `rendered` if it has the chart, else rendered here.
std::string chart_card(const std::vector<AnalyticsChart>& charts, std::span<const HtmlChartCard> rendered,
                       std::string_view name) {
  const auto found = std::find_if(charts.begin(), charts.end(),
                                  [&](const AnalyticsChart& chart) { return chart.name == name; });
  ECOMFLOW_CHECK(found != charts.end());
  const ChartSpec spec = html_card_spec(*found);
  const auto ready = std::find_if(rendered.begin(), rendered.end(),
                                  [&](const HtmlChartCard& card) { return card.name == name; });
  return fmt::format("<figure class=\"card chart{}\" id=\"chart-{}\">{}</figure>\n",
                     wide_card(name) ? " wide" : "", name,
                     inline_svg(ready != rendered.end() ? ready->svg : render_chart_svg(spec), spec.title));
}

/// A card holding a heading, a table and an optional note.
std::string table_card(std::string_view heading, const HtmlTable& table, bool wide,
                       const std::string& note = "") {
  return fmt::format("<div class=\"card{}\"><h3>{}</h3>\n{}{}</div>\n", wide ? " wide" : "",
                     html_escape(heading), table.html(),
                     note.empty() ? "" : "<p class=\"note\">" + html_escape(note) + "</p>\n");
}

std::string section(std::string_view id, std::string_view heading, const std::string& cards) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n<div class=\"grid\">\n{}</div>\n</section>\n", id,
                     html_escape(heading), cards);
}

std::string header(const RunSummary& summary, const Aggregates& aggregates) {
  const std::vector<DayTraffic> days = aggregates.trends.daily();
  std::vector<std::string> facts;
  if (!days.empty()) {
    facts.push_back(days.size() == 1
                        ? fmt::format("Data of {} (UTC)", format_date(days.front().day))
                        : fmt::format("Data {} to {} (UTC), {} days", format_date(days.front().day),
                                      format_date(days.back().day), days.size()));
  }
  if (!summary.generated_at.empty()) facts.push_back("generated " + summary.generated_at);
  if (summary.report_only) facts.push_back("report only, no history kept");
  facts.push_back(fmt::format("{} read {} new records in {:.3f} s",
                              summary.run_id != 0 ? fmt::format("run #{}", summary.run_id) : "this run",
                              format_integer(summary.counts.records_read), summary.elapsed_seconds));
  std::string line;
  for (const std::string& fact : facts) line += (line.empty() ? "" : " · ") + fact;
  return "<header class=\"top\"><div><h1>Shop analytics</h1><p class=\"meta\">" + html_escape(line) +
         "</p></div><div class=\"brand\">ecomflow</div></header>\n";
}

std::string kpi_tiles(const RunSummary& summary, const Aggregates& aggregates,
                      const SessionReport& sessions) {
  const Currency& currency = summary.currency;
  const SalesState& sales = aggregates.sales;
  const SessionCounts& overall = sessions.overall;
  const RunCounts& counts = summary.counts;
  const int64_t views = aggregates.event_types.counts[int(EventType::kViewProduct)];
  std::string tiles = "<section class=\"kpis\" aria-label=\"Key figures\">\n";
  tiles += kpi("Revenue", format_money_compact(sales.revenue(), 1, currency),
               format_money(sales.revenue(), currency) + " " + currency.code);
  tiles += kpi("Orders", format_integer(sales.purchases()), format_integer(sales.units()) + " units");
  const Cents average_order =
      sales.purchases() == 0 ? 0 : (sales.revenue() + sales.purchases() / 2) / sales.purchases();
  tiles += kpi("Average order", format_money(average_order, currency), "revenue per purchase");
  tiles += kpi("Session conversion", format_percent(ratio(overall.purchased, overall.sessions)),
               fmt::format("sessions with a purchase; view-to-purchase rate {}",
                           format_percent(ratio(sales.purchases(), views))));
  tiles += kpi(
      "Cart abandonment", format_percent(overall.abandonment_rate()),
      fmt::format("{} of {} carts; {} left", format_integer(overall.abandoned), format_integer(overall.added),
                  format_money_compact(overall.abandoned_value, 1, currency)));
  tiles += kpi("Sessions", format_compact(double(overall.sessions)),
               fmt::format("{}; mean {}", format_integer(overall.sessions),
                           format_duration(sessions.duration_seconds.mean())));
  tiles += kpi("Valid records (this run)", format_integer(counts.valid),
               fmt::format("{} of {} read", format_percent(ratio(counts.valid, counts.records_read)),
                           format_integer(counts.records_read)),
               "good");
  tiles += kpi("Quarantined (this run)", format_integer(counts.quarantined()),
               fmt::format("{} duplicates; {} files unreadable", format_integer(counts.duplicates),
                           format_integer(counts.files_quarantined)),
               counts.quarantined() + counts.files_quarantined > 0 ? "warn" : "");
  return tiles + "</section>\n";
}

HtmlTable sales_table(const Aggregates& aggregates, const Currency& currency) {
  HtmlTable table({"Category", "Segment", "Revenue", "Share", "Units", "Customers"},
                  {CellAlign::kText, CellAlign::kText, CellAlign::kNumber, CellAlign::kNumber,
                   CellAlign::kNumber, CellAlign::kNumber});
  const Cents total = aggregates.sales.revenue();
  for (const SalesRow& row : aggregates.sales.rows()) {
    table.add_row({row.category, row.segment, format_money(row.revenue, currency),
                   format_percent(ratio(row.revenue, total)), format_integer(row.units),
                   format_integer(row.unique_customers)});
  }
  table.set_footer({"All", "", format_money(total, currency), format_percent(total == 0 ? 0.0 : 1.0),
                    format_integer(aggregates.sales.units()), ""});
  return table;
}

HtmlTable top_products_table(const Aggregates& aggregates, const Catalog& catalog, const Currency& currency) {
  HtmlTable table(
      {"#", "Product", "Name", "Category", "Price", "Views", "Carts", "Units", "Revenue", "View → cart"},
      {CellAlign::kNumber, CellAlign::kText, CellAlign::kText, CellAlign::kText, CellAlign::kNumber,
       CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber});
  const std::vector<ProductPerformance> rows = aggregates.products.performance();
  for (size_t i = 0; i < std::min(rows.size(), kTopProductRows); ++i) {
    const Product& product = catalog.products()[rows[i].product];
    const ProductTotals& totals = rows[i].totals;
    table.add_row({std::to_string(rows[i].rank_by_revenue), product.id, product.name, product.category,
                   format_money(product.price, currency), format_integer(totals.views),
                   format_integer(totals.carts), format_integer(totals.units),
                   format_money(totals.revenue, currency), format_percent(totals.view_to_cart())});
  }
  return table;
}

HtmlTable funnel_table(const Aggregates& aggregates, const SessionReport& sessions) {
  HtmlTable table({"Step", "Events", "Step conversion", "Sessions"},
                  {CellAlign::kText, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber});
  const int64_t* counts = aggregates.event_types.counts;
  const SessionCounts& overall = sessions.overall;
  const int64_t views = counts[int(EventType::kViewProduct)], carts = counts[int(EventType::kAddToCart)],
                purchases = counts[int(EventType::kPurchase)];
  // Traffic that records page views enters the funnel there, as on the chart.
  const int64_t pages = counts[int(EventType::kPageView)];
  if (pages > 0) table.add_row({"Page views", format_integer(pages), "", ""});
  // More product views than page views is a multiple, not a conversion over 100%.
  const std::string from_pages = pages == 0      ? ""
                                 : views > pages ? fmt::format("{:.2f}×", ratio(views, pages))
                                                 : format_percent(ratio(views, pages));
  table.add_row({"Product views", format_integer(views), from_pages, format_integer(overall.viewed)});
  table.add_row({"Add to cart", format_integer(carts), format_percent(ratio(carts, views)),
                 format_integer(overall.added)});
  table.add_row({"Purchases", format_integer(purchases), format_percent(ratio(purchases, carts)),
                 format_integer(overall.purchased)});
  table.set_footer({"Views → purchases", "", format_percent(ratio(purchases, views)),
                    format_percent(ratio(overall.purchased, overall.viewed))});
  return table;
}

HtmlTable sessions_table(const SessionReport& sessions, const Currency& currency) {
  HtmlTable table({"Sessions", "Count"}, {CellAlign::kText, CellAlign::kNumber});
  const SessionCounts& overall = sessions.overall;
  // Bounced sessions are the one-event bin of the events distribution.
  int64_t bounced = 0;
  for (const DistributionBin& bin : sessions.events.bins)
    if (bin.lower == 1 && bin.upper == 2) bounced = bin.sessions;
  table.add_row({"All sessions", format_integer(overall.sessions)});
  table.add_row({"Bounced (one event)", fmt::format("{} ({})", format_integer(bounced),
                                                    format_percent(ratio(bounced, overall.sessions)))});
  table.add_row({"Converted (with a purchase)",
                 fmt::format("{} ({})", format_integer(overall.purchased),
                             format_percent(ratio(overall.purchased, overall.sessions)))});
  table.add_row({"With a cart", format_integer(overall.added)});
  table.add_row({"Abandoned carts", fmt::format("{} ({})", format_integer(overall.abandoned),
                                                format_percent(overall.abandonment_rate()))});
  table.add_row({"Value left in abandoned carts", format_money(overall.abandoned_value, currency)});
  table.add_row({"Mean duration", format_duration(sessions.duration_seconds.mean())});
  table.add_row({"Mean events per session", fmt::format("{:.1f}", sessions.events.mean())});
  return table;
}

HtmlTable category_funnel_table(const std::vector<FunnelRow>& rows, const Currency& currency) {
  HtmlTable table(
      {"Category", "Views", "Carts", "Purchases", "View → cart", "Cart → purchase", "Sessions",
       "Cart abandonment", "Left in carts"},
      {CellAlign::kText, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber,
       CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber, CellAlign::kNumber});
  for (const FunnelRow& row : rows) {
    if (row.scope != FunnelScope::kCategory) continue;
    table.add_row({row.key, format_integer(row.events.views), format_integer(row.events.carts),
                   format_integer(row.events.purchases), format_percent(row.events.view_to_cart()),
                   format_percent(row.events.cart_to_purchase()), format_integer(row.sessions.sessions),
                   format_percent(row.sessions.abandonment_rate()),
                   format_money(row.sessions.abandoned_value, currency)});
  }
  return table;
}

HtmlTable quality_table(const RunCounts& counts) {
  HtmlTable table({"Records", "Count", "Share of read"},
                  {CellAlign::kText, CellAlign::kNumber, CellAlign::kNumber});
  auto row = [&](const std::string& label, int64_t value, const std::string& css_class = "") {
    table.add_row({label, format_integer(value), format_percent(ratio(value, counts.records_read))},
                  css_class);
  };
  row("Read", counts.records_read);
  row("Valid", counts.valid);
  row("Duplicates", counts.duplicates);
  row("Quarantined", counts.quarantined(), counts.quarantined() > 0 ? "warn" : "");
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    if (counts.quarantined_by_reason[i] == 0) continue;
    row(std::string(quarantine_reason_name(QuarantineReason(i))), counts.quarantined_by_reason[i], "sub");
  }
  return table;
}

HtmlTable files_table(const RunCounts& counts) {
  HtmlTable table({"Files", "Count"}, {CellAlign::kText, CellAlign::kNumber});
  table.add_row({"Inputs found", format_integer(counts.inputs_seen)});
  table.add_row({"Inputs already processed (skipped)", format_integer(counts.inputs_skipped)});
  if (counts.inputs_refused > 0)
    table.add_row({"Links leaving the events directory (not read)", format_integer(counts.inputs_refused)},
                  "warn");
  table.add_row({"Files read", format_integer(counts.files_read)});
  table.add_row({"Files quarantined", format_integer(counts.files_quarantined)},
                counts.files_quarantined > 0 ? "warn" : "");
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    if (counts.file_problems_by_reason[i] == 0) continue;
    table.add_row({std::string(quarantine_reason_name(QuarantineReason(i))),
                   format_integer(counts.file_problems_by_reason[i])},
                  "sub");
  }
  table.add_row({"Bytes read", byte_size(counts.bytes_read)});
  table.add_row({"Bytes decoded", byte_size(counts.bytes_decoded)});
  return table;
}

/// How sessions were cut, with the run's own inactivity gap.
std::string session_gap_note(const SessionState& sessions) {
  const int64_t seconds = sessions.gap_us() / kMicrosPerSecond;
  const std::string gap = seconds % 60 == 0
                              ? fmt::format("{} minute{}", seconds / 60, seconds == 60 ? "" : "s")
                              : fmt::format("{} seconds", seconds);
  return fmt::format("A session ends after {} without an event unless its records carry a session_id.", gap);
}

HtmlTable checks_table(const std::vector<CheckLine>& checks) {
  HtmlTable table({"Check", "Status", "Observed", "Threshold"},
                  {CellAlign::kText, CellAlign::kText, CellAlign::kNumber, CellAlign::kText});
  for (const CheckLine& check : checks) {
    const std::string css_class = check.status == "error" ? "bad" : check.status == "warn" ? "warn" : "";
    table.add_row({check.name, check.status, check.observed, check.threshold}, css_class);
  }
  return table;
}

/// Links to the files written beside the page.
std::string files_card(const Aggregates& aggregates, const Catalog& catalog, const SessionReport& sessions) {
  std::vector<std::string> names{"sales_report.csv"};
  for (const AnalyticsCsvWriter& file : analytics_csv_writers(aggregates, catalog, sessions))
    names.emplace_back(file.name);
  names.insert(names.end(), {"run_summary.json", "quarantine.ndjson"});
  std::string links;
  for (const std::string& name : names)
    links += fmt::format("<li><a href=\"{0}\">{0}</a></li>", html_escape(name));
  return "<div class=\"card wide\"><h3>Files beside this page</h3>\n<ul class=\"files\">" + links +
         "</ul>\n<p class=\"note\">Every number on this page, in full: the CSV files hold the same "
         "figures.</p>"
         "</div>\n";
}

std::string balance_note(const RunCounts& counts) {
  return fmt::format("Every record has one outcome: read {} {} valid {} + quarantined {} + duplicates {}{}",
                     format_integer(counts.records_read), counts.balanced() ? "=" : "≠",
                     format_integer(counts.valid), format_integer(counts.quarantined()),
                     format_integer(counts.duplicates),
                     counts.balanced() ? "." : " — the run does not balance.");
}

}  // namespace

ChartSpec html_card_spec(const AnalyticsChart& chart) {
  ChartSpec spec = chart.spec;
  // Charts scale their text with the image; these sizes put chart text close
  // to the page's own once the card scales them to its width.
  const bool wide = wide_card(chart.name);
  spec.width = wide ? 1100 : 560;
  spec.height = wide ? 400 : 380;
  return spec;
}

std::string html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                        const SessionReport& sessions, std::span<const HtmlChartCard> rendered) {
  const Currency& currency = summary.currency;
  const std::vector<AnalyticsChart> charts = analytics_charts(aggregates, catalog, sessions, currency);
  const std::vector<FunnelRow> funnel =
      funnel_rows(catalog, aggregates.products, aggregates.trends, sessions);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Shop analytics · ecomflow</title>\n<style>\n";
  html += html_report_style();
  html += "</style>\n</head>\n<body>\n<main>\n";
  html += header(summary, aggregates);
  html += kpi_tiles(summary, aggregates, sessions);
  html += section(
      "revenue", "Revenue",
      chart_card(charts, rendered, "daily_revenue") + chart_card(charts, rendered, "revenue_comparison") +
          chart_card(charts, rendered, "hourly_traffic") +
          table_card("Sales by category and customer segment", sales_table(aggregates, currency), true,
                     fmt::format("As in sales_report.csv: purchases × catalog price, customers counted once "
                                 "per row; money in {}.",
                                 currency.code)));
  html += section(
      "products", "Products",
      chart_card(charts, rendered, "top_selling_products") +
          chart_card(charts, rendered, "cart_abandonment") +
          table_card("Top products by revenue", top_products_table(aggregates, catalog, currency), true));
  html += section("funnel", "Funnel and sessions",
                  chart_card(charts, rendered, "conversion_funnel") +
                      chart_card(charts, rendered, "session_duration") +
                      table_card("Funnel", funnel_table(aggregates, sessions), false,
                                 "Step conversion: events of a step per event of the step before. Sessions: "
                                 "sessions with at least one event of the step.") +
                      table_card("Sessions", sessions_table(sessions, currency), false,
                                 session_gap_note(aggregates.sessions)) +
                      table_card("Funnel by category", category_funnel_table(funnel, currency), true));
  html += section("catalog", "Catalog",
                  chart_card(charts, rendered, "categories_distribution") +
                      chart_card(charts, rendered, "price_distribution"));
  html += cyberday_section(summary.reports_dir);
  const std::string run_name = summary.run_id != 0 ? fmt::format("run #{}", summary.run_id) : "this run";
  html += section("quality", "Data quality of " + run_name,
                  table_card("Records read by " + run_name, quality_table(summary.counts), false,
                             balance_note(summary.counts)) +
                      table_card("Files read by " + run_name, files_table(summary.counts), false));
  const std::string checks =
      summary.checks ? table_card("Checks", checks_table(*summary.checks), true,
                                  "The latest data-quality checks (`ecomflow check` shows failing rows).")
                     : "<div class=\"card wide\"><h3>Checks</h3>\n<p class=\"note\">No data-quality checks "
                       "ran for this page.</p></div>\n";
  html += section("checks", "Checks and files", checks + files_card(aggregates, catalog, sessions));
  html += fmt::format(
      "<footer>Generated by ecomflow{}: sales from the stored purchases, every other figure from all events "
      "loaded so far; figures marked \"this run\" count only what {} "
      "read.</footer>\n</main>\n</body>\n</html>\n",
      summary.generated_at.empty() ? "" : " at " + html_escape(summary.generated_at), html_escape(run_name));
  return html;
}

void write_html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                       const SessionReport& sessions, const std::filesystem::path& file, AtomicFileSet* files,
                       std::span<const HtmlChartCard> rendered) {
  write_file_atomically(file, html_report(summary, aggregates, catalog, sessions, rendered), files);
}

void write_html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                       const std::filesystem::path& file) {
  // The page needs only the session counts, not one row per session.
  write_html_report(summary, aggregates, catalog, aggregates.sessions.report(0), file);
}

}  // namespace ecomflow
