// Funnels: stage counts as centred bars, with the share of each stage that
// reached the next written between them.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_axes.hpp"
#include "report/chart_kinds.hpp"
#include "report/number_format.hpp"

namespace ecomflow {
namespace {

std::string stage_count(double value, ValueFormat format) {
  if (format == ValueFormat::kNumber && std::fabs(value) < 1e15 && value == std::floor(value))
    return format_integer(int64_t(value));
  return format_value(value, format);
}

std::string conversion(double from, double to) {
  if (!(from > 0) || !std::isfinite(to)) return "n/a";
  return format_percent(to / from, 1);
}

}  // namespace

void draw_funnel(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area) {
  const size_t count = spec.series.empty() ? 0 : spec.series.front().values.size();
  const ValueRange range = value_range(spec, 1);
  if (count == 0 || !range.any) return draw_no_data(canvas, area);
  const ChartSeries& stages = spec.series.front();
  const std::vector<std::string> names = category_labels(spec, count);

  const double gap = 8 * canvas.scale();
  const double note_height = canvas.measure("Ag", TextRole::kNote).height;
  double widest_name = 0;
  std::vector<std::string> labels;
  for (const std::string& name : names) {
    labels.push_back(canvas.fit(name, TextRole::kAxisTitle, canvas.width() * 0.3));
    widest_name = std::max(widest_name, canvas.measure(labels.back(), TextRole::kAxisTitle).width);
  }
  const bool overall = count > 1;
  Rect plot{area.left + widest_name + gap * 2, area.top, area.right,
            area.bottom - (overall ? note_height + gap : 0)};
  const double row = plot.height() / double(count);
  // Each gap between bars holds one line, the step conversion; bars stay slim on short funnels.
  const double thickness =
      std::max(2.0, std::min({row * 0.62, row - note_height - gap * 2, 64 * canvas.scale()}));
  const double widest = std::max(range.maximum, 0.0);
  const double middle = (plot.left + plot.right) / 2;
  const double full_width = plot.width() * 0.92;
  const Rgb colour = series_colour(0);
  const auto top_of = [&](size_t i) { return plot.top + double(i) * row + (row - thickness) / 2; };
  const auto width_of = [&](size_t i) {
    const double value = value_at(stages, i);
    const double share = widest > 0 && std::isfinite(value) ? std::max(value, 0.0) / widest : 0;
    return std::max(2.0, share * full_width);
  };

  // A pale band joins each stage to the next, so the drop reads as a funnel.
  for (size_t i = 0; i + 1 < count; ++i) {
    const double from = top_of(i) + thickness;
    const double to = top_of(i + 1);
    const Point band[] = {{middle - width_of(i) / 2, from},
                          {middle + width_of(i) / 2, from},
                          {middle + width_of(i + 1) / 2, to},
                          {middle - width_of(i + 1) / 2, to}};
    canvas.fill_polygon(band, colour, 0.12);
  }

  for (size_t i = 0; i < count; ++i) {
    const double value = value_at(stages, i);
    const double top = top_of(i);
    canvas.text(labels[i], TextRole::kAxisTitle, plot.left - gap * 2, top + thickness / 2,
                HorizontalAlign::kRight, VerticalAlign::kMiddle);
    if (!std::isfinite(value)) continue;
    const double width = width_of(i);
    canvas.fill_rect(middle - width / 2, top, width, thickness, colour);

    const std::string text = stage_count(value, spec.value_format);
    const double text_width = canvas.measure(text, TextRole::kLegend).width;
    // Inside the bar in white when it fits, else just right of it.
    if (text_width + gap * 2 <= width) {
      canvas.text_coloured(text, TextRole::kLegend, {1, 1, 1}, true, middle, top + thickness / 2,
                           HorizontalAlign::kCenter, VerticalAlign::kMiddle);
    } else {
      canvas.text_coloured(text, TextRole::kLegend, {0.2, 0.2, 0.22}, true, middle + width / 2 + gap,
                           top + thickness / 2, HorizontalAlign::kLeft, VerticalAlign::kMiddle);
    }
    if (i + 1 < count) {
      // A step can count more events than the one above (several product
      // views per page view): that is a multiple, not a conversion over 100%.
      const double next = value_at(stages, i + 1);
      const std::string step = value > 0 && next > value
                                   ? fmt::format("↓ {:.2f}× the step above", next / value)
                                   : "↓ " + conversion(value, next) + " converted";
      canvas.text(step, TextRole::kNote, middle, top + thickness + (row - thickness) / 2,
                  HorizontalAlign::kCenter, VerticalAlign::kMiddle);
    }
  }
  if (overall) {
    const std::string note = "Overall conversion " + names.front() + " → " + names.back() + ": " +
                             conversion(value_at(stages, 0), value_at(stages, count - 1));
    canvas.text(canvas.fit(note, TextRole::kNote, area.width()), TextRole::kNote, area.right, area.bottom,
                HorizontalAlign::kRight, VerticalAlign::kBottom);
  }
}

}  // namespace ecomflow
