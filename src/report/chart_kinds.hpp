#pragma once
/// The chart kinds, each drawing into the area left by the frame, and the
/// data questions they share. Adding a kind: one file here, one case in chart.cpp.

#include <string>
#include <string_view>
#include <vector>

#include "report/chart.hpp"
#include "report/chart_canvas.hpp"

namespace ecomflow {

/// Vertical bars, grouped when there are several series.
void draw_bar_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area);
/// Pre-binned counts as touching bars, labelled at the bin edges.
void draw_histogram(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area);
/// Horizontal bars, first category at the top.
void draw_horizontal_bar_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area);
/// Lines over a category axis; missing (NaN) values break the line.
void draw_line_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area);
/// Centred stage bars with the step conversion between stages.
void draw_funnel(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area);

/// Said under a histogram whose bins differ in width (they are drawn equally wide).
inline constexpr std::string_view kUnevenBinsNote = "bins of unequal width, drawn equally wide";
/// Whether the bins between `edges` differ in width.
bool histogram_bins_uneven(const std::vector<double>& edges);

/// Number of categories: the longer of the labels and the longest series.
size_t category_count(const ChartSpec& spec);
/// Labels for `count` categories; missing labels are empty.
std::vector<std::string> category_labels(const ChartSpec& spec, size_t count);
/// Value `index` of `series`, NaN when the series is shorter.
double value_at(const ChartSeries& series, size_t index);

/// Smallest and largest finite value of the first `series_limit` series.
struct ValueRange {
  bool any = false;
  double minimum = 0;
  double maximum = 0;
};
ValueRange value_range(const ChartSpec& spec, size_t series_limit);

}  // namespace ecomflow
