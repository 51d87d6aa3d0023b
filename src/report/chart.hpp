#pragma once
/// Charts for reports: a data-agnostic description of one chart and the
/// functions that render it to PNG (cairo) or SVG (written directly, with
/// cairo measuring the text, so both have the same layout).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"

namespace ecomflow {

/// What the chart draws.
enum class ChartKind {
  kBar,            ///< Vertical bars per category; several series are grouped side by side.
  kHorizontalBar,  ///< One bar per row, for top-N lists with long labels.
  kLine,           ///< One or more lines over a category or time axis (days, hours).
  kHistogram,      ///< Pre-binned counts; `bin_edges` has one more entry than there are bins.
  kFunnel,         ///< Stages with counts, annotated with step conversion.
};

/// How values on an axis are written.
enum class ValueFormat {
  kNumber,    ///< 1.2k, 4.5M
  kMoney,     ///< Values are cents: $1.2k, $950
  kPercent,   ///< Values are ratios: 0.123 -> 12.3%
  kDuration,  ///< Values are seconds: 45 s, 3.2 min, 1.5 h
};

/// One named list of values, one per category.
struct ChartSeries {
  std::string name;
  std::vector<double> values;
};

/// Everything needed to draw one chart.
struct ChartSpec {
  ChartKind kind = ChartKind::kBar;
  std::string title;
  std::string subtitle;                 ///< Optional second line under the title.
  std::string category_title;           ///< Axis title for categories / bins, with units.
  std::string value_title;              ///< Axis title for values, with units: "Revenue (USD)".
  std::vector<std::string> categories;  ///< Category, row, stage or bin labels.
  std::vector<ChartSeries> series;      ///< Histogram and funnel draw only the first.
  std::vector<double> bin_edges;        ///< Histogram only; labels the bin boundaries.
  ValueFormat value_format = ValueFormat::kNumber;
  ValueFormat bin_format = ValueFormat::kNumber;  ///< How `bin_edges` are written.
  std::string money_symbol = "$";                 ///< Written before kMoney values: "$", "₹".
  int money_digits = 2;                           ///< Decimals of the currency's minor unit (0 for JPY).
  bool value_labels = true;                       ///< Write values on bars where they fit.
  /// Line charts: a category singled out (the peak day) by a rule and `marked_label` above it.
  std::optional<size_t> marked_category;
  std::string marked_label;
  int width = 1000;
  int height = 600;
};

/// Output file format.
enum class ChartFormat { kPng, kSvg };

/// Renders `spec` into `file` atomically (temporary name, then rename; as
/// part of `files`, if given). Throws UserError.
void render_chart(const ChartSpec& spec, const std::filesystem::path& file, ChartFormat format,
                  AtomicFileSet* files = nullptr);

/// Renders `spec` as PNG bytes.
std::string render_chart_png(const ChartSpec& spec);

/// Renders `spec` as an SVG document: plain elements, text as <text> in
/// DejaVu Sans (other sans-serif fonts where it is missing), no ids or
/// references, so several can be inlined in one HTML page.
std::string render_chart_svg(const ChartSpec& spec);

/// Renders `spec` as PNG and returns it base64-encoded, for `data:image/png;base64,` URIs.
std::string render_chart_png_base64(const ChartSpec& spec);

}  // namespace ecomflow
