#include "report/chart.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
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

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// Prefixes every id (and every reference to one) with a name unique to this
/// document: cairo names glyphs "glyph0-1" in every SVG, and two charts inlined
/// in one HTML page would otherwise draw each other's letters.
std::string unique_svg_ids(const std::string& svg) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a: same chart, same ids
  for (const char c : svg) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  const std::string prefix = fmt::format("chart{:012x}-", hash & 0xFFFFFFFFFFFFull);
  constexpr std::array<std::string_view, 3> kMarkers = {"id=\"", "href=\"#", "url(#"};
  std::array<size_t, 3> found{};
  for (size_t m = 0; m < kMarkers.size(); ++m) found[m] = svg.find(kMarkers[m]);
  std::string result;
  result.reserve(svg.size() + svg.size() / 10);
  size_t position = 0;
  for (;;) {
    const size_t m = size_t(std::min_element(found.begin(), found.end()) - found.begin());
    if (found[m] == std::string::npos) break;
    const size_t end = found[m] + kMarkers[m].size();
    result.append(svg, position, end - position);
    result += prefix;
    position = end;
    found[m] = svg.find(kMarkers[m], position);
  }
  result.append(svg, position, std::string::npos);
  return result;
}

void check_size(const ChartSpec& spec) {
  if (spec.width < kMinimumSide || spec.width > kMaximumSide || spec.height < kMinimumSide ||
      spec.height > kMaximumSide)
    throw UsageError(fmt::format("chart size {}x{} is out of range ({}-{} pixels a side)", spec.width,
                                 spec.height, kMinimumSide, kMaximumSide));
}

void draw_chart(cairo_surface_t* surface, const ChartSpec& spec) {
  ContextPointer context(cairo_create(surface), &cairo_destroy);
  ChartCanvas canvas(context.get(), spec.width, spec.height);
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
  std::string bytes;
  SurfacePointer surface(cairo_svg_surface_create_for_stream(append_bytes, &bytes, spec.width, spec.height),
                         &cairo_surface_destroy);
  // Pixels, not points, so the SVG and the PNG have the same size in a page.
  cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
  draw_chart(surface.get(), spec);
  cairo_surface_finish(surface.get());
  const cairo_status_t status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS)
    throw UserError(fmt::format("cannot encode chart as SVG: {}", cairo_status_to_string(status)));
  return unique_svg_ids(bytes);
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
