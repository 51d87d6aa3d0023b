// Horizontal bars: top-N lists whose labels are too long to stand under a column.

#include <algorithm>
#include <cmath>

#include "report/chart_axes.hpp"
#include "report/chart_kinds.hpp"

namespace ecomflow {

void draw_horizontal_bar_chart(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = category_count(spec);
  const ValueRange range = value_range(spec, spec.series.size());
  if (count == 0 || !range.any) return draw_no_data(canvas, area);

  const double gap = 8 * canvas.scale();
  const double title_height = canvas.measure("Ag", TextRole::kAxisTitle).height;
  const double tick_height = canvas.measure("Ag", TextRole::kTick).height;
  const double value_height = canvas.measure("Ag", TextRole::kValueLabel).height;
  const ValueAxis axis = make_value_axis(range.minimum, range.maximum, true, spec.value_format,
                                         spec.money_symbol, spec.money_digits);

  // Row labels take what they need, up to 38% of the width.
  std::vector<std::string> labels = category_labels(spec, count);
  const double label_limit = canvas.width() * 0.38;
  double widest_label = 0;
  for (std::string& label : labels) {
    label = canvas.fit(label, TextRole::kTick, label_limit);
    widest_label = std::max(widest_label, canvas.measure(label, TextRole::kTick).width);
  }
  double widest_value = 0;
  if (spec.value_labels) {
    for (const ChartSeries& series : spec.series)
      for (const double value : series.values)
        if (std::isfinite(value))
          widest_value = std::max(
              widest_value,
              canvas
                  .measure(format_value(value, spec.value_format, spec.money_symbol, spec.money_digits),
                           TextRole::kValueLabel)
                  .width);
  }
  const double last_tick_half = canvas.measure(axis.labels.back(), TextRole::kTick).width / 2;
  Rect plot;
  plot.left = area.left + (spec.category_title.empty() ? 0 : title_height + gap) + widest_label + gap;
  plot.right = area.right - std::max(last_tick_half, widest_value > 0 ? widest_value + gap : 0.0);
  plot.top = area.top;
  plot.bottom = area.bottom - tick_height - gap - (spec.value_title.empty() ? 0 : title_height + gap);
  const auto x_of = [&](double value) { return axis.position(value, plot.left, plot.right); };

  for (size_t i = 0; i < axis.ticks.values.size(); ++i) {
    const double x = x_of(axis.ticks.values[i]);
    canvas.vertical_line(x, plot.top, plot.bottom, kGridColour);
    canvas.text(axis.labels[i], TextRole::kTick, x, plot.bottom + gap / 2, HorizontalAlign::kCenter,
                VerticalAlign::kTop);
  }

  const size_t series_count = spec.series.size();
  const double row = plot.height() / double(count);
  const double group = row * (series_count == 1 ? 0.68 : 0.8);
  const double thickness = group / double(series_count);
  // Long lists of thin rows label only every n-th row so names never touch.
  const size_t every = std::max<size_t>(1, size_t(std::ceil(tick_height * 1.1 / row)));
  const bool room_for_values = thickness >= value_height * 0.85;
  const double zero = x_of(0);
  for (size_t i = 0; i < count; ++i) {
    const double centre = plot.top + (double(i) + 0.5) * row;
    if (i % every == 0) {
      canvas.text(labels[i], TextRole::kTick, plot.left - gap, centre, HorizontalAlign::kRight,
                  VerticalAlign::kMiddle);
      // With rows skipped, a tick shows which bar the label names.
      if (every > 1) canvas.horizontal_line(plot.left - gap / 2, plot.left, centre, kAxisColour);
    }
    for (size_t s = 0; s < series_count; ++s) {
      const double value = value_at(spec.series[s], i);
      if (!std::isfinite(value)) continue;
      const double top = centre - group / 2 + double(s) * thickness;
      const double end = x_of(value);
      canvas.fill_rect(std::min(zero, end), top, std::fabs(end - zero), thickness * 0.92, series_colour(s));
      if (!spec.value_labels || !room_for_values) continue;
      const double middle = top + thickness * 0.46;
      if (value >= 0) {
        canvas.text(format_value(value, spec.value_format, spec.money_symbol, spec.money_digits),
                    TextRole::kValueLabel, end + gap / 2, middle, HorizontalAlign::kLeft,
                    VerticalAlign::kMiddle);
      } else {
        canvas.text(format_value(value, spec.value_format, spec.money_symbol, spec.money_digits),
                    TextRole::kValueLabel, end - gap / 2, middle, HorizontalAlign::kRight,
                    VerticalAlign::kMiddle);
      }
    }
  }
  canvas.vertical_line(zero, plot.top, plot.bottom, kAxisColour);

  if (!spec.value_title.empty())
    canvas.text(canvas.fit(spec.value_title, TextRole::kAxisTitle, plot.width()), TextRole::kAxisTitle,
                (plot.left + plot.right) / 2, area.bottom, HorizontalAlign::kCenter, VerticalAlign::kBottom);
  if (!spec.category_title.empty())
    canvas.text(canvas.fit(spec.category_title, TextRole::kAxisTitle, plot.height()), TextRole::kAxisTitle,
                area.left, (plot.top + plot.bottom) / 2, HorizontalAlign::kCenter, VerticalAlign::kTop, 90);
}

}  // namespace ecomflow
