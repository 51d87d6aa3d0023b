#include "report/chart.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "report/chart_kinds.hpp"
#include "report/chart_png.hpp"

namespace ecomflow {
namespace {

constexpr int kMinimumSide = 100;
constexpr int kMaximumSide = 10000;

using SurfacePointer = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPointer = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check_size(const ChartSpec& spec) {
  if (spec.width < kMinimumSide || spec.width > kMaximumSide || spec.height < kMinimumSide ||
      spec.height > kMaximumSide)
    throw UsageError(fmt::format("chart size {}x{} is out of range ({}-{} pixels a side)", spec.width,
                                 spec.height, kMinimumSide, kMaximumSide));
}

/// Draws `spec` on `surface`; with `svg`, writes it there as SVG and only
/// measures text on `surface`.
void draw_chart(cairo_surface_t* surface, const ChartSpec& spec, std::string* svg = nullptr) {
  ContextPointer context(cairo_create(surface), &cairo_destroy);
  ChartCanvas canvas(context.get(), spec.width, spec.height, svg);
  const Rect area = draw_chart_frame(canvas, spec);
  switch (spec.kind) {
    case ChartKind::kBar:
      draw_bar_chart(canvas, spec, area);
      break;
    case ChartKind::kHorizontalBar:
      draw_horizontal_bar_chart(canvas, spec, area);
      break;
    case ChartKind::kLine:
      draw_line_chart(canvas, spec, area);
      break;
    case ChartKind::kHistogram:
      draw_histogram(canvas, spec, area);
      break;
    case ChartKind::kFunnel:
      draw_funnel(canvas, spec, area);
      break;
  }
  canvas.finish();
  ECOMFLOW_CHECK_EQ(int(cairo_status(context.get())), int(CAIRO_STATUS_SUCCESS));
}

}  // namespace

size_t category_count(const ChartSpec& spec) {
  size_t count = spec.categories.size();
  for (const ChartSeries& series : spec.series) count = std::max(count, series.values.size());
  return count;
}

std::vector<std::string> category_labels(const ChartSpec& spec, size_t count) {
  std::vector<std::string> labels(count);
  for (size_t i = 0; i < count && i < spec.categories.size(); ++i) labels[i] = spec.categories[i];
  return labels;
}

double value_at(const ChartSeries& series, size_t index) {
  return index < series.values.size() ? series.values[index] : std::numeric_limits<double>::quiet_NaN();
}

bool histogram_bins_uneven(const std::vector<double>& edges) {
  for (size_t i = 2; i < edges.size(); ++i) {
    const double first = edges[1] - edges[0];
    const double width = edges[i] - edges[i - 1];
    if (std::fabs(width - first) > 1e-9 * std::max(std::fabs(width), std::fabs(first))) return true;
  }
  return false;
}

ValueRange value_range(const ChartSpec& spec, size_t series_limit) {
  ValueRange range;
  for (size_t s = 0; s < spec.series.size() && s < series_limit; ++s) {
    for (const double value : spec.series[s].values) {
      if (!std::isfinite(value)) continue;
      range.minimum = range.any ? std::min(range.minimum, value) : value;
      range.maximum = range.any ? std::max(range.maximum, value) : value;
      range.any = true;
    }
  }
  return range;
}

std::string render_chart_png(const ChartSpec& spec) {
  check_size(spec);
  // RGB24: charts are opaque, and the PNG is smaller without an alpha channel.
  SurfacePointer surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, spec.width, spec.height),
                         &cairo_surface_destroy);
  draw_chart(surface.get(), spec);
  return encode_png(surface.get());
}

std::string render_chart_svg(const ChartSpec& spec) {
  check_size(spec);
  // Text is measured with the same fonts and options as for pixels, so the
  // SVG has the PNG's layout; the surface itself is never drawn on.
  SurfacePointer measure(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1), &cairo_surface_destroy);
  std::string svg;
  draw_chart(measure.get(), spec, &svg);
  return svg;
}

void render_chart(const ChartSpec& spec, const std::filesystem::path& file, ChartFormat format,
                  AtomicFileSet* files) {
  const std::string bytes = format == ChartFormat::kPng ? render_chart_png(spec) : render_chart_svg(spec);
  write_file_atomically(file, bytes, files);
}

std::string render_chart_png_base64(const ChartSpec& spec) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string bytes = render_chart_png(spec);
  std::string encoded;
  encoded.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t available = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t j = 0; j < 3; ++j)
      group = (group << 8) | (j < available ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    for (size_t j = 0; j < 4; ++j)
      encoded.push_back(j <= available ? kAlphabet[(group >> (18 - 6 * j)) & 0x3F] : '=');
  }
  return encoded;
}

}  // namespace ecomflow
