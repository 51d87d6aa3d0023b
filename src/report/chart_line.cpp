// Line charts: one or more series over categories such as days or hours.

#include <cmath>

#include "report/chart_axes.hpp"
#include "report/chart_kinds.hpp"

namespace ecomflow {
namespace {

/// Markers help read a few points; on a dense line they are noise.
constexpr size_t kMarkerLimit = 36;

void stroke_series(ChartCanvas& canvas, const VerticalPlot& layout, const ChartSeries& series, size_t count,
                   Rgb colour, bool shade) {
  cairo_t* cairo = canvas.cairo();
  cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cairo, CAIRO_LINE_CAP_ROUND);
  // A dense line (a year of days) crosses most scanlines hundreds of times,
  // and the default anti-aliasing pays for every crossing: the fast
  // rasterizer draws such a chart about three times faster (bench_micro's
  // BM_ChartPng) and, at that density, looks the same. The shade's top edge
  // lies under the line.
  const cairo_antialias_t antialias = cairo_get_antialias(cairo);
  if (count > kMarkerLimit) cairo_set_antialias(cairo, CAIRO_ANTIALIAS_FAST);
  // A run is a stretch of consecutive finite values; a NaN ends it.
  size_t run_start = 0;
  for (size_t i = 0; i <= count; ++i) {
    const bool finite = i < count && std::isfinite(value_at(series, i));
    if (finite) continue;
    if (i > run_start) {
      // Text drawing leaves a current point behind; a run must not start from it.
      cairo_new_path(cairo);
      if (shade) {
        const double base = layout.y(layout.axis.ticks.low());
        cairo_move_to(cairo, layout.cell_centre(run_start), base);
        for (size_t j = run_start; j < i; ++j)
          cairo_line_to(cairo, layout.cell_centre(j), layout.y(value_at(series, j)));
        cairo_line_to(cairo, layout.cell_centre(i - 1), base);
        cairo_close_path(cairo);
        cairo_set_source_rgba(cairo, colour.red, colour.green, colour.blue, 0.10);
        cairo_fill(cairo);
      }
      cairo_move_to(cairo, layout.cell_centre(run_start), layout.y(value_at(series, run_start)));
      for (size_t j = run_start + 1; j < i; ++j)
        cairo_line_to(cairo, layout.cell_centre(j), layout.y(value_at(series, j)));
      cairo_set_source_rgb(cairo, colour.red, colour.green, colour.blue);
      cairo_set_line_width(cairo, 2.25 * canvas.scale());
      // A lone point has no segment to stroke: the marker below shows it.
      cairo_stroke(cairo);
    }
    run_start = i + 1;
  }
  cairo_set_antialias(cairo, antialias);
}

void draw_markers(ChartCanvas& canvas, const VerticalPlot& layout, const ChartSeries& series, size_t count,
                  Rgb colour) {
  cairo_t* cairo = canvas.cairo();
  for (size_t i = 0; i < count; ++i) {
    const double value = value_at(series, i);
    if (!std::isfinite(value)) continue;
    const bool isolated =
        (i == 0 || !std::isfinite(value_at(series, i - 1))) && !std::isfinite(value_at(series, i + 1));
    // Dense lines get no markers, except on points with no neighbour to join.
    if (count > kMarkerLimit && !isolated) continue;
    cairo_new_path(cairo);
    cairo_arc(cairo, layout.cell_centre(i), layout.y(value), 3.5 * canvas.scale(), 0, 2 * M_PI);
    cairo_set_source_rgb(cairo, colour.red, colour.green, colour.blue);
    cairo_fill_preserve(cairo);
    cairo_set_source_rgb(cairo, 1, 1, 1);
    cairo_set_line_width(cairo, 1.25 * canvas.scale());
    cairo_stroke(cairo);
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
      canvas, spec, area, make_value_axis(range.minimum, range.maximum, from_zero, spec.value_format),
      category_labels(spec, count), count, false, LabelCrowding::kSkip);
  draw_vertical_plot_axes(canvas, spec, area, layout);

  const bool shade = spec.series.size() == 1 && from_zero;
  for (size_t s = 0; s < spec.series.size(); ++s)
    stroke_series(canvas, layout, spec.series[s], count, series_colour(s), shade);
  for (size_t s = 0; s < spec.series.size(); ++s)
    draw_markers(canvas, layout, spec.series[s], count, series_colour(s));
}

}  // namespace ecomflow
