// Vertical bars: grouped bar charts and histograms share the column drawing.

#include <algorithm>
#include <cmath>

#include "report/chart_axes.hpp"
#include "report/chart_kinds.hpp"

namespace ecomflow {
namespace {

/// One drawn bar, kept for its value label.
struct Bar {
  double left;
  double width;
  double value;
};

/// Writes each bar's value above it (below when negative), but only when every
/// label fits its bar: labels on some bars and not others read as missing data.
void draw_value_labels(ChartCanvas& canvas, const VerticalPlot& layout, const std::vector<Bar>& bars,
                       ValueFormat format, std::string_view money_symbol, int money_digits) {
  const double gap = 3 * canvas.scale();
  const double line_height = canvas.measure("Ag", TextRole::kValueLabel).height;
  std::vector<std::string> texts;
  for (const Bar& bar : bars) {
    texts.push_back(format_value(bar.value, format, money_symbol, money_digits));
    if (canvas.measure(texts.back(), TextRole::kValueLabel).width > bar.width + gap * 2) return;
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double centre = bar.left + bar.width / 2;
    const double end = layout.y(bar.value);
    if (bar.value >= 0) {
      // A bar that reaches the top of the plot takes its label inside, in white.
      if (end - gap - line_height >= layout.plot.top - line_height / 2) {
        canvas.text(texts[i], TextRole::kValueLabel, centre, end - gap, HorizontalAlign::kCenter,
                    VerticalAlign::kBottom);
      } else if (layout.y(0) - end > line_height + gap * 2) {
        canvas.text_coloured(texts[i], TextRole::kValueLabel, {1, 1, 1}, true, centre, end + gap,
                             HorizontalAlign::kCenter, VerticalAlign::kTop);
      }
    } else if (end + gap + line_height <= layout.plot.bottom) {
      canvas.text(texts[i], TextRole::kValueLabel, centre, end + gap, HorizontalAlign::kCenter,
                  VerticalAlign::kTop);
    }
  }
}

void fill_bar(ChartCanvas& canvas, const VerticalPlot& layout, const Bar& bar, Rgb colour) {
  const double zero = layout.y(std::clamp(0.0, layout.axis.ticks.low(), layout.axis.ticks.high()));
  const double end = layout.y(bar.value);
  canvas.fill_rect(bar.left, std::min(zero, end), bar.width, std::fabs(zero - end), colour);
}

}  // namespace

void draw_bar_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = category_count(spec);
  const ValueRange range = value_range(spec, spec.series.size());
  if (count == 0 || !range.any) return draw_no_data(canvas, area);

  const VerticalPlot layout =
      layout_vertical_plot(canvas, spec, area,
                           make_value_axis(range.minimum, range.maximum, true, spec.value_format,
                                           spec.money_symbol, spec.money_digits),
                           category_labels(spec, count), count, false, LabelCrowding::kRotate);
  draw_vertical_plot_axes(canvas, spec, area, layout);

  const size_t series_count = spec.series.size();
  // Groups take most of the cell; a single series gets slimmer bars with more air.
  // A lone bar or a short list would otherwise become a slab.
  const double group_width = std::min(layout.cell_width() * (series_count == 1 ? 0.62 : 0.78),
                                      110 * canvas.scale() * double(std::min<size_t>(series_count, 2)));
  const double spacing = series_count > 1 ? std::min(2 * canvas.scale(), group_width / series_count / 4) : 0;
  const double bar_width = group_width / double(series_count) - spacing;
  std::vector<Bar> bars;
  for (size_t i = 0; i < count; ++i) {
    const double group_left = layout.cell_centre(i) - group_width / 2;
    for (size_t s = 0; s < series_count; ++s) {
      const double value = value_at(spec.series[s], i);
      if (!std::isfinite(value)) continue;
      const Bar bar{group_left + double(s) * (bar_width + spacing) + spacing / 2, bar_width, value};
      fill_bar(canvas, layout, bar, series_colour(s));
      bars.push_back(bar);
    }
  }
  const bool zero_inside = layout.axis.ticks.low() <= 0 && layout.axis.ticks.high() >= 0;
  if (zero_inside) canvas.horizontal_line(layout.plot.left, layout.plot.right, layout.y(0), kAxisColour);
  if (spec.value_labels)
    draw_value_labels(canvas, layout, bars, spec.value_format, spec.money_symbol, spec.money_digits);
}

void draw_histogram(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = spec.series.empty() ? 0 : spec.series.front().values.size();
  const ValueRange range = value_range(spec, 1);
  if (count == 0 || !range.any) return draw_no_data(canvas, area);

  // Bins are drawn equally wide and labelled at their edges, so uneven bins
  // (0-30 s, 30 s-1 min, 1-5 min, ...) stay readable; the axis title then
  // says so, since a bar's width no longer measures its range.
  const bool edges = spec.bin_edges.size() == count + 1;
  const bool uneven = edges && histogram_bins_uneven(spec.bin_edges);
  std::vector<std::string> labels;
  if (edges) {
    for (const double edge : spec.bin_edges)
      labels.push_back(format_value(edge, spec.bin_format, spec.money_symbol, spec.money_digits));
  } else {
    labels = category_labels(spec, count);
  }
  ChartSpec titled;
  if (uneven) {
    titled.category_title =
        spec.category_title + (spec.category_title.empty() ? "" : " · ") + std::string(kUnevenBinsNote);
    titled.value_title = spec.value_title;
  }
  const ChartSpec& axes = uneven ? titled : spec;
  const VerticalPlot layout =
      layout_vertical_plot(canvas, axes, area,
                           make_value_axis(range.minimum, range.maximum, true, spec.value_format,
                                           spec.money_symbol, spec.money_digits),
                           labels, count, edges, LabelCrowding::kSkip);
  draw_vertical_plot_axes(canvas, axes, area, layout);

  const double spacing = std::min(1.5 * canvas.scale(), layout.cell_width() / 6);
  std::vector<Bar> bars;
  for (size_t i = 0; i < count; ++i) {
    const double value = value_at(spec.series.front(), i);
    if (!std::isfinite(value)) continue;
    const Bar bar{layout.plot.left + double(i) * layout.cell_width() + spacing / 2,
                  layout.cell_width() - spacing, value};
    fill_bar(canvas, layout, bar, series_colour(0));
    bars.push_back(bar);
  }
  canvas.horizontal_line(layout.plot.left, layout.plot.right, layout.y(0), kAxisColour);
  if (spec.value_labels)
    draw_value_labels(canvas, layout, bars, spec.value_format, spec.money_symbol, spec.money_digits);
}

}  // namespace ecomflow
