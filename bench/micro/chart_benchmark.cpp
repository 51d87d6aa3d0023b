/// Chart output: a year of daily revenue as a line chart (643 days, the
/// benchmark set's daily_revenue.png), rendered to PNG and SVG, and its
/// pixel rows deflated by ecomflow's row coder and, for comparison, by
/// libdeflate at level 2 (what the PNG writer used before).

#include <benchmark/benchmark.h>
#include <cairo.h>
#include <fmt/format.h>
#include <libdeflate.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "report/chart.hpp"
#include "report/row_deflate.hpp"

namespace ecomflow::bench {
namespace {

ChartSpec daily_revenue_spec() {
  ChartSpec spec;
  spec.kind = ChartKind::kLine;
  spec.title = "Daily revenue";
  spec.subtitle = "Peak Mon 2024-12-30: $95.9k, 1.3× the median day ($73.7k)";
  spec.category_title = "Day (UTC)";
  spec.value_title = "Revenue (USD)";
  spec.value_format = ValueFormat::kMoney;
  spec.series = {{"Revenue", {}}};
  for (int day = 0; day < 643; ++day) {
    spec.categories.push_back(fmt::format("2024-{:02}-{:02}", 1 + day / 31 % 12, 1 + day % 28));
    spec.series[0].values.push_back(7'300'000 + 1'200'000 * std::sin(day * 1.7) +
                                    700'000 * std::cos(day * 0.3));
  }
  return spec;
}

/// The chart's pixels as PNG rows (filter byte 0, then RGB).
std::vector<unsigned char> chart_rows(size_t& row_bytes) {
  // The rendered chart, decoded back into cairo's pixel layout.
  const std::string png = render_chart_png(daily_revenue_spec());
  struct Reader {
    const std::string* bytes;
    size_t offset = 0;
  } reader{&png};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(
          [](void* closure, unsigned char* data, unsigned int length) {
            auto* state = static_cast<Reader*>(closure);
            std::memcpy(data, state->bytes->data() + state->offset, length);
            state->offset += length;
            return CAIRO_STATUS_SUCCESS;
          },
          &reader),
      &cairo_surface_destroy);
  const int width = cairo_image_surface_get_width(surface.get());
  const int height = cairo_image_surface_get_height(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  row_bytes = 1 + size_t(width) * 3;
  std::vector<unsigned char> rows(row_bytes * size_t(height));
  for (int y = 0; y < height; ++y) {
    const auto* pixels = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride));
    unsigned char* out = rows.data() + size_t(y) * row_bytes;
    out[0] = 0;
    for (int x = 0; x < width; ++x) {
      out[1 + 3 * x] = uint8_t(pixels[x] >> 16);
      out[2 + 3 * x] = uint8_t(pixels[x] >> 8);
      out[3 + 3 * x] = uint8_t(pixels[x]);
    }
  }
  return rows;
}

void BM_ChartPng(benchmark::State& state) {
  const ChartSpec spec = daily_revenue_spec();
  size_t bytes = 0;
  for (auto _ : state) bytes = render_chart_png(spec).size();
  state.counters["png_bytes"] = double(bytes);
}
BENCHMARK(BM_ChartPng)->Unit(benchmark::kMillisecond);

void BM_ChartSvg(benchmark::State& state) {
  const ChartSpec spec = daily_revenue_spec();
  size_t bytes = 0;
  for (auto _ : state) bytes = render_chart_svg(spec).size();
  state.counters["svg_bytes"] = double(bytes);
}
BENCHMARK(BM_ChartSvg)->Unit(benchmark::kMillisecond);

void BM_DeflateChartRows(benchmark::State& state) {
  size_t row_bytes = 0;
  const std::vector<unsigned char> rows = chart_rows(row_bytes);
  size_t bytes = 0;
  for (auto _ : state) bytes = zlib_compress_rows(rows, row_bytes, 3).size();
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(rows.size()));
  state.counters["compressed_bytes"] = double(bytes);
}
BENCHMARK(BM_DeflateChartRows)->Unit(benchmark::kMillisecond);

void BM_DeflateChartRowsLibdeflateLevel2(benchmark::State& state) {
  size_t row_bytes = 0;
  const std::vector<unsigned char> rows = chart_rows(row_bytes);
  std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor(
      libdeflate_alloc_compressor(2), &libdeflate_free_compressor);
  std::vector<unsigned char> out(libdeflate_zlib_compress_bound(compressor.get(), rows.size()));
  size_t bytes = 0;
  for (auto _ : state)
    bytes = libdeflate_zlib_compress(compressor.get(), rows.data(), rows.size(), out.data(), out.size());
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(rows.size()));
  state.counters["compressed_bytes"] = double(bytes);
}
BENCHMARK(BM_DeflateChartRowsLibdeflateLevel2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecomflow::bench
