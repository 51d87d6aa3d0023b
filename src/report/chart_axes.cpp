#include "report/chart_axes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ecomflow {
namespace {

constexpr double kSin45 = 0.70710678;

/// The compact-format unit (1, 1e3, 1e6, ...) of the largest magnitude.
double compact_unit(double magnitude) {
  double unit = 1;
  while (magnitude >= unit * 1000 && unit < 1e12) unit *= 1000;
  return unit;
}

struct DurationUnit {
  double seconds;
  const char* suffix;
};

DurationUnit duration_unit(double largest_seconds) {
  if (largest_seconds < 120) return {1, " s"};
  if (largest_seconds < 7200) return {60, " min"};
  return {3600, " h"};
}

}  // namespace

ValueAxis make_value_axis(double minimum, double maximum, bool include_zero, ValueFormat format,
                          std::string_view money_symbol, int money_digits) {
  ValueAxis axis;
  if (format == ValueFormat::kDuration) {
    // Tick on whole minutes or hours: 1-2-5 steps in seconds give 8.3 min, 16.7 min.
    const DurationUnit unit = duration_unit(std::max(std::fabs(minimum), std::fabs(maximum)));
    axis.ticks = nice_ticks(minimum / unit.seconds, maximum / unit.seconds, include_zero);
    const int decimals = decimals_for_step(axis.ticks.step, 1);
    for (double& value : axis.ticks.values) {
      axis.labels.push_back(fmt::format("{:.{}f}{}", value, decimals, unit.suffix));
      value *= unit.seconds;
    }
    axis.ticks.step *= unit.seconds;
    return axis;
  }
  // Money ticks finer than a cent would read "$0.01, $0.01": give tiny ranges a dollar.
  if (format == ValueFormat::kMoney && maximum - minimum < 100) maximum = minimum + 100;
  // A currency without minor units ticks on whole units at least.
  if (format == ValueFormat::kMoney && money_digits == 0 && maximum - minimum < 500) maximum = minimum + 500;
  axis.ticks = nice_ticks(minimum, maximum, include_zero);
  const double largest = std::max(std::fabs(axis.ticks.low()), std::fabs(axis.ticks.high()));
  const double step = axis.ticks.step;
  for (const double value : axis.ticks.values) {
    switch (format) {
      case ValueFormat::kMoney:
        // Sub-dollar steps keep cents on every tick: "$0.80", "$1.00", not "$1".
        if (step < 100) {
          axis.labels.push_back(format_money(std::llround(value), money_symbol, money_digits));
          break;
        }
        axis.labels.push_back(format_money_compact(std::llround(value),
                                                   decimals_for_step(step / 100, compact_unit(largest / 100)),
                                                   money_symbol, money_digits));
        break;
      case ValueFormat::kPercent:
        axis.labels.push_back(format_percent(value, decimals_for_step(step * 100, 1)));
        break;
      default:
        axis.labels.push_back(format_compact(value, decimals_for_step(step, compact_unit(largest))));
        break;
    }
  }
  return axis;
}

std::string format_value(double value, ValueFormat format, std::string_view money_symbol, int money_digits) {
  switch (format) {
    case ValueFormat::kMoney:
      return format_money_compact(std::llround(value), 1, money_symbol, money_digits);
    case ValueFormat::kPercent:
      return format_percent(value, 1);
    case ValueFormat::kDuration:
      return format_duration(value);
    case ValueFormat::kNumber:
      break;
  }
  // Exact counts while they are short enough to read at a glance.
  if (std::fabs(value) < 10000 && value == std::floor(value)) return format_integer(int64_t(value));
  return format_compact(value);
}

CategoryLabels layout_category_labels(ChartCanvas& canvas, const std::vector<std::string>& labels,
                                      double spacing, LabelCrowding crowding) {
  CategoryLabels layout;
  if (labels.empty()) return layout;
  const double gap = 8 * canvas.scale();
  const double line_height = canvas.measure("Ag", TextRole::kTick).height;
  double widest = 0;
  for (const std::string& label : labels)
    widest = std::max(widest, canvas.measure(label, TextRole::kTick).width);

  const size_t straight_every = size_t(std::ceil((widest + gap) / spacing));
  // A sequence keeps straight labels while at least four of them remain.
  const bool straight =
      straight_every <= 1 || (crowding == LabelCrowding::kSkip && labels.size() >= 4 * straight_every);
  if (straight) {
    layout.texts = labels;
    layout.every = std::max<size_t>(straight_every, 1);
    layout.extent_below = line_height;
    layout.overhang_left = canvas.measure(labels.front(), TextRole::kTick).width / 2;
    const size_t last = (labels.size() - 1) / layout.every * layout.every;
    // Only the part of the last shown label beyond the last anchor needs a margin.
    layout.overhang_right = std::max(0.0, canvas.measure(labels[last], TextRole::kTick).width / 2 -
                                              double(labels.size() - 1 - last) * spacing);
    return layout;
  }

  // Rotated labels: cap their length so they take at most ~22% of the height.
  layout.rotated = true;
  const double max_width = std::max(60 * canvas.scale(), 0.22 * canvas.height() / kSin45);
  double widest_rotated = 0;
  for (const std::string& label : labels) {
    layout.texts.push_back(canvas.fit(label, TextRole::kTick, max_width));
    widest_rotated = std::max(widest_rotated, canvas.measure(layout.texts.back(), TextRole::kTick).width);
  }
  // Neighbouring 45° labels are (line height + gap) / sin 45° apart horizontally.
  layout.every = std::max<size_t>(1, size_t(std::ceil((line_height + gap) / kSin45 / spacing)));
  layout.extent_below = (widest_rotated + line_height) * kSin45;
  layout.overhang_left = canvas.measure(layout.texts.front(), TextRole::kTick).width * kSin45;
  layout.overhang_right = line_height * kSin45;
  return layout;
}

void draw_category_labels(ChartCanvas& canvas, const CategoryLabels& labels,
                          const std::vector<double>& anchors, double axis_y) {
  const double gap = 6 * canvas.scale();
  const double line_height = canvas.measure("Ag", TextRole::kTick).height;
  for (size_t i = 0; i < labels.texts.size() && i < anchors.size(); i += labels.every) {
    if (labels.rotated) {
      // The label ends at its tick and runs down-left; its middle line passes the anchor.
      const double lift = line_height / 2 * kSin45;
      canvas.text(labels.texts[i], TextRole::kTick, anchors[i] + lift, axis_y + gap + lift,
                  HorizontalAlign::kRight, VerticalAlign::kMiddle, 45);
    } else {
      canvas.text(labels.texts[i], TextRole::kTick, anchors[i], axis_y + gap, HorizontalAlign::kCenter,
                  VerticalAlign::kTop);
    }
  }
}

VerticalPlot layout_vertical_plot(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area,
                                  ValueAxis axis, const std::vector<std::string>& labels, size_t cells,
                                  bool edge_labels, LabelCrowding crowding) {
  const double gap = 8 * canvas.scale();
  const double title_height = canvas.measure("Ag", TextRole::kAxisTitle).height;
  const double tick_height = canvas.measure("Ag", TextRole::kTick).height;
  double widest_tick = 0;
  for (const std::string& label : axis.labels)
    widest_tick = std::max(widest_tick, canvas.measure(label, TextRole::kTick).width);

  VerticalPlot layout;
  layout.axis = std::move(axis);
  layout.cells = std::max<size_t>(cells, 1);
  layout.edge_labels = edge_labels;
  const double left_of_ticks = area.left + (spec.value_title.empty() ? 0 : title_height + gap);
  const double min_left = left_of_ticks + widest_tick + gap;
  // The top tick label is centred on the top grid line: leave it half a line.
  layout.plot = {min_left, area.top + tick_height / 2, area.right - 4 * canvas.scale(), 0};
  // The label layout depends on the plot width and the margins on the labels:
  // two passes settle both.
  for (int pass = 0; pass < 2; ++pass) {
    layout.labels = layout_category_labels(canvas, labels, layout.cell_width(), crowding);
    const double inset = edge_labels ? 0 : layout.cell_width() / 2;
    layout.plot.left = std::max(min_left, area.left + layout.labels.overhang_left - inset);
    layout.value_title_x = layout.plot.left - widest_tick - gap * 2 - title_height;
    layout.plot.right = area.right - std::max(4 * canvas.scale(), layout.labels.overhang_right - inset);
  }
  const double below = (labels.empty() ? 0 : layout.labels.extent_below + gap) +
                       (spec.category_title.empty() ? 0 : title_height + gap);
  layout.plot.bottom = area.bottom - below - gap / 2;
  return layout;
}

void draw_vertical_plot_axes(ChartCanvas& canvas, const ChartSpec& spec, const Rect& area,
                             const VerticalPlot& layout) {
  const Rect& plot = layout.plot;
  const double gap = 8 * canvas.scale();
  for (size_t i = 0; i < layout.axis.ticks.values.size(); ++i) {
    const double y = layout.y(layout.axis.ticks.values[i]);
    canvas.horizontal_line(plot.left, plot.right, y, kGridColour);
    canvas.text(layout.axis.labels[i], TextRole::kTick, plot.left - gap, y, HorizontalAlign::kRight,
                VerticalAlign::kMiddle);
  }
  // The baseline sits at zero when zero is on the axis, else at the bottom.
  const bool zero_inside = layout.axis.ticks.low() <= 0 && layout.axis.ticks.high() >= 0;
  canvas.horizontal_line(plot.left, plot.right, zero_inside ? layout.y(0) : plot.bottom, kAxisColour);

  std::vector<double> anchors;
  const size_t count = layout.edge_labels ? layout.cells + 1 : layout.cells;
  for (size_t i = 0; i < count; ++i)
    anchors.push_back(layout.edge_labels ? plot.left + double(i) * layout.cell_width()
                                         : layout.cell_centre(i));
  draw_category_labels(canvas, layout.labels, anchors, plot.bottom);

  if (!spec.value_title.empty()) {
    const std::string title = canvas.fit(spec.value_title, TextRole::kAxisTitle, plot.height() + gap * 4);
    canvas.text(title, TextRole::kAxisTitle, layout.value_title_x, (plot.top + plot.bottom) / 2,
                HorizontalAlign::kCenter, VerticalAlign::kTop, 90);
  }
  if (!spec.category_title.empty()) {
    const std::string title = canvas.fit(spec.category_title, TextRole::kAxisTitle, area.width());
    canvas.text(title, TextRole::kAxisTitle, (plot.left + plot.right) / 2, area.bottom,
                HorizontalAlign::kCenter, VerticalAlign::kBottom);
  }
}

}  // namespace ecomflow
