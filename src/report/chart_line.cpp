// Line charts: one or more series over categories such as days or hours.

#include <algorithm>
#include <cmath>
#include <string>
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

/// A rule through the marked category, its point ringed, and its label at
/// the top of the plot on whichever side of the rule has room.
void draw_marked_category(ChartCanvas& canvas, const ChartSpec& spec, const VerticalPlot& layout,
                          size_t index) {
  const Rgb ink{0.2, 0.2, 0.22};
  const double x = layout.cell_centre(index);
  canvas.vertical_line(x, layout.plot.top, layout.plot.bottom, ink, 1.25 * canvas.scale());
  const double value = spec.series.empty() ? NAN : value_at(spec.series.front(), index);
  const double ring_radius = 6 * canvas.scale(), ring_outline = 2 * canvas.scale();
  if (std::isfinite(value)) canvas.marker({x, layout.y(value)}, ring_radius, series_colour(0), ring_outline);
  if (spec.marked_label.empty()) return;
  // The peak is usually the top of the plot, where the label sits: start it
  // clear of the ring, not under it.
  const double gap = ring_radius + ring_outline + 4 * canvas.scale();
  const bool room_right = layout.plot.right - x >= x - layout.plot.left;
  const double room = (room_right ? layout.plot.right - x : x - layout.plot.left) - gap;
  const std::string label = canvas.fit(spec.marked_label, TextRole::kNote, std::max(room, 0.0));
  canvas.text_coloured(label, TextRole::kNote, ink, true, room_right ? x + gap : x - gap, layout.plot.top,
                       room_right ? HorizontalAlign::kLeft : HorizontalAlign::kRight, VerticalAlign::kTop);
}

}  // namespace

void draw_line_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = category_count(spec);
  const ValueRange range = value_range(spec, spec.series.size());
  if (count == 0 || !range.any) return draw_no_data(canvas, area);

  // Non-negative lines start at zero so the eye reads their height honestly;
  // a line that dips below zero gets an axis spanning its own range.
  const bool from_zero = range.minimum >= 0;
  const VerticalPlot layout =
      layout_vertical_plot(canvas, spec, area,
                           make_value_axis(range.minimum, range.maximum, from_zero, spec.value_format,
                                           spec.money_symbol, spec.money_digits),
                           category_labels(spec, count), count, false, LabelCrowding::kSkip);
  draw_vertical_plot_axes(canvas, spec, area, layout);

  const bool shade = spec.series.size() == 1 && from_zero;
  for (size_t s = 0; s < spec.series.size(); ++s)
    stroke_series(canvas, layout, spec.series[s], count, series_colour(s), shade);
  for (size_t s = 0; s < spec.series.size(); ++s)
    draw_markers(canvas, layout, spec.series[s], count, series_colour(s));
  if (spec.marked_category && *spec.marked_category < count)
    draw_marked_category(canvas, spec, layout, *spec.marked_category);
}

}  // namespace ecomflow
