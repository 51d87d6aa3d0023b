#pragma once
/// The run's analytics as one self-contained page, `reports/index.html`:
/// KPI tiles, the charts inlined as SVG, the sales table (category ×
/// segment), top products, funnel and session numbers, and the data-quality
/// accounting of the run. Inline CSS only: no script, no font, no link to
/// anything outside the file, so it can be mailed or archived as is. Every
/// string from data (product names, categories, segments) is escaped.

#include <filesystem>
#include <span>
#include <string>

#include "aggregate/aggregates.hpp"
#include "aggregate/session_report.hpp"
#include "core/atomic_file.hpp"
#include "report/analytics_charts.hpp"
#include "report/run_summary.hpp"

namespace ecomflow {

/// A chart as its card on the page shows it, rendered ahead (render_chart_svg
/// of html_card_spec()). Rendering the charts is most of the page's work; a
/// caller with threads to spare renders them side by side.
struct HtmlChartCard {
  std::string name;  ///< AnalyticsChart::name
  std::string svg;
};

/// `chart` sized for its card: its text then reads at about the page's size.
ChartSpec html_card_spec(const AnalyticsChart& chart);

/// The page's HTML text. `sessions` is the report of `aggregates.sessions`
/// (its per-session rows are not used). Charts missing from `rendered` are
/// rendered here.
std::string html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                        const SessionReport& sessions, std::span<const HtmlChartCard> rendered = {});

/// Writes the page into `file` atomically. Throws UserError.
void write_html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                       const std::filesystem::path& file);

/// The same, from an already computed session report (cutting sessions
/// costs a sort of every event); with `files`, as part of it.
void write_html_report(const RunSummary& summary, const Aggregates& aggregates, const Catalog& catalog,
                       const SessionReport& sessions, const std::filesystem::path& file,
                       AtomicFileSet* files = nullptr, std::span<const HtmlChartCard> rendered = {});

}  // namespace ecomflow
