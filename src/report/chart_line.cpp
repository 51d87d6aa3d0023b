// Line charts: one or more series over categories such as days or hours.

#include <cmath>
#include <vector>

#include "report/chart_axes.hpp"
#include "report/chart_kinds.hpp"

namespace ecomflow {
namespace {

/// Markers help read a few points; on a dense line they are noise.
constexpr size_t kMarkerLimit = 36;

void stroke_series(ChartCanvas& canvas, const VerticalPlot& layout, const ChartSeries& series, size_t count,
                   Rgb colour, bool shade) {
  // A dense line (a year of days) crosses most scanlines hundreds of times,
  // and the default anti-aliasing pays for every crossing: the fast
  // rasterizer draws such a chart about three times faster (bench_micro's
  // BM_ChartPng) and, at that density, looks the same. The shade's top edge
  // lies under the line.
  const bool dense = count > kMarkerLimit;
  std::vector<Point> points;
  // A run is a stretch of consecutive finite values; a NaN ends it.
  size_t run_start = 0;
  for (size_t i = 0; i <= count; ++i) {
    const bool finite = i < count && std::isfinite(value_at(series, i));
    if (finite) continue;
    if (i > run_start) {
      points.clear();
      for (size_t j = run_start; j < i; ++j)
        points.push_back({layout.cell_centre(j), layout.y(value_at(series, j))});
      if (shade) {
        const double base = layout.y(layout.axis.ticks.low());
        std::vector<Point> area;
        area.reserve(points.size() + 2);
        area.push_back({points.front().x, base});
        area.insert(area.end(), points.begin(), points.end());
        area.push_back({points.back().x, base});
        canvas.fill_polygon(area, colour, 0.10, dense);
      }
      // A lone point has no segment to stroke: the marker below shows it.
      canvas.stroke_polyline(points, colour, 2.25 * canvas.scale(), dense);
    }
    run_start = i + 1;
  }
}

void draw_markers(ChartCanvas& canvas, const VerticalPlot& layout, const ChartSeries& series, size_t count,
                  Rgb colour) {
  for (size_t i = 0; i < count; ++i) {
    const double value = value_at(series, i);
    if (!std::isfinite(value)) continue;
    const bool isolated =
        (i == 0 || !std::isfinite(value_at(series, i - 1))) && !std::isfinite(value_at(series, i + 1));
    // Dense lines get no markers, except on points with no neighbour to join.
    if (count > kMarkerLimit && !isolated) continue;
    canvas.marker({layout.cell_centre(i), layout.y(value)}, 3.5 * canvas.scale(), colour,
                  1.25 * canvas.scale());
  }
}

}  // namespace

void draw_line_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = category_count(spec);
  const ValueRange range = value_range(spec, spec.series.size());
  if (count == 0 || !range.any) return draw_no_data(canvas, area);

  // Non-negative lines start at zero so the eye reads their height honestly;
  // a line that dips below zero gets an axis spanning its own range.
  const bool from_zero = range.minimum >= 0;
  const VerticalPlot layout = layout_vertical_plot(
      canvas, spec, area,
      make_value_axis(range.minimum, range.maximum, from_zero, spec.value_format, spec.money_symbol),
      category_labels(spec, count), count, false, LabelCrowding::kSkip);
  draw_vertical_plot_axes(canvas, spec, area, layout);

  const bool shade = spec.series.size() == 1 && from_zero;
  for (size_t s = 0; s < spec.series.size(); ++s)
    stroke_series(canvas, layout, spec.series[s], count, series_colour(s), shade);
  for (size_t s = 0; s < spec.series.size(); ++s)
    draw_markers(canvas, layout, spec.series[s], count, series_colour(s));
}

}  // namespace ecomflow
