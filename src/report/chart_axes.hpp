#pragma once
/// Axes shared by the chart kinds: value axes with nice ticks, category
/// labels that never overlap, and the layout of a plot with a vertical value axis.

#include <string>
#include <string_view>
#include <vector>

#include "report/chart.hpp"
#include "report/chart_canvas.hpp"
#include "report/number_format.hpp"

namespace ecomflow {

/// A value axis: tick positions and their labels in the chart's format.
struct ValueAxis {
  AxisTicks ticks;
  std::vector<std::string> labels;
  /// Maps `value` onto the pixel range [from, to] (from = low end).
  double position(double value, double from, double to) const {
    return from + (value - ticks.low()) / (ticks.high() - ticks.low()) * (to - from);
  }
};

/// Ticks covering [minimum, maximum] labelled in `format`; durations tick in whole s/min/h.
ValueAxis make_value_axis(double minimum, double maximum, bool include_zero, ValueFormat format,
                          std::string_view money_symbol = "$", int money_digits = 2);

/// One value written for a label on a bar or a stage.
std::string format_value(double value, ValueFormat format, std::string_view money_symbol = "$",
                         int money_digits = 2);

/// How labels sit under a horizontal axis: straight, or rotated 45°, maybe only every n-th.
struct CategoryLabels {
  std::vector<std::string> texts;  ///< Shortened to fit.
  size_t every = 1;                ///< Draw labels 0, every, 2·every, ...
  bool rotated = false;
  double extent_below = 0;    ///< Height the labels need under the axis.
  double overhang_left = 0;   ///< How far the first label reaches left of its anchor.
  double overhang_right = 0;  ///< How far the last label reaches right of its anchor.
};

/// How to make room when labels are wider than the space between them.
enum class LabelCrowding {
  kRotate,  ///< Categories: rotate 45°, and skip some only if rotated labels still touch.
  kSkip,    ///< Sequences (hours, days, bin edges): keep labels straight, show every n-th.
};

/// Chooses straight, skipped or rotated labels for anchors `spacing` pixels apart.
CategoryLabels layout_category_labels(ChartCanvas& canvas, const std::vector<std::string>& labels,
                                      double spacing, LabelCrowding crowding);

/// Draws the labels chosen by layout_category_labels hanging from `axis_y`.
void draw_category_labels(ChartCanvas& canvas, const CategoryLabels& labels,
                          const std::vector<double>& anchors, double axis_y);

/// A plot with the value axis on the left and labels along the bottom.
struct VerticalPlot {
  Rect plot;
  ValueAxis axis;
  CategoryLabels labels;
  size_t cells = 0;          ///< Equal-width columns across the plot.
  bool edge_labels = false;  ///< Labels sit on cell boundaries (histogram bins), not centres.
  double value_title_x = 0;  ///< Left edge of the rotated value-axis title, next to the ticks.
  double cell_width() const { return plot.width() / double(cells); }
  /// Centre of cell `index`.
  double cell_centre(size_t index) const { return plot.left + (double(index) + 0.5) * cell_width(); }
  /// Pixel row of `value`.
  double y(double value) const { return axis.position(value, plot.bottom, plot.top); }
};

/// Lays out `cells` columns in `area` with room for tick labels, `labels` and axis titles.
VerticalPlot layout_vertical_plot(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area,
                                  ValueAxis axis, const std::vector<std::string>& labels, size_t cells,
                                  bool edge_labels, LabelCrowding crowding);

/// Draws grid lines, tick labels, the baseline, category labels and both axis titles.
void draw_vertical_plot_axes(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area,
                             const VerticalPlot& layout);

/// Light grid line colour.
inline constexpr Rgb kGridColour{0.90, 0.90, 0.91};
/// Axis baseline colour.
inline constexpr Rgb kAxisColour{0.55, 0.55, 0.58};

}  // namespace ecomflow
