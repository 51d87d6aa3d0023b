#include "report/chart_png.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ecomflow {
namespace {

using SurfacePointer = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

uint32_t big_endian(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

/// The chunk types in file order.
std::vector<std::string> chunk_types(const std::string& png) {
  std::vector<std::string> types;
  for (size_t at = 8; at + 12 <= png.size(); at += 12 + big_endian(png, at))
    types.push_back(png.substr(at + 4, 4));
  return types;
}

/// Decodes with cairo's own reader (libpng, which also checks every chunk's CRC).
SurfacePointer decode(const std::string& bytes) {
  struct Reader {
    const std::string* bytes;
    size_t offset = 0;
  } reader{&bytes};
  const auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto* state = static_cast<Reader*>(closure);
    if (state->offset + length > state->bytes->size()) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(state->bytes->data() + state->offset, length, data);
    state->offset += length;
    return CAIRO_STATUS_SUCCESS;
  };
  SurfacePointer surface(cairo_image_surface_create_from_png_stream(read, &reader), &cairo_surface_destroy);
  cairo_surface_flush(surface.get());
  return surface;
}

uint32_t pixel(cairo_surface_t* surface, int x, int y) {
  const unsigned char* row =
      cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
  return reinterpret_cast<const uint32_t*>(row)[x];
}

/// A surface of `format` whose pixels are random premultiplied colours, with
/// every alpha in `alphas`.
SurfacePointer random_surface(cairo_format_t format, int width, int height, std::vector<uint32_t> alphas) {
  SurfacePointer surface(cairo_image_surface_create(format, width, height), &cairo_surface_destroy);
  cairo_surface_flush(surface.get());
  std::mt19937 random(7);
  for (int y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<uint32_t*>(cairo_image_surface_get_data(surface.get()) +
                                            y * cairo_image_surface_get_stride(surface.get()));
    for (int x = 0; x < width; ++x) {
      const uint32_t alpha = alphas[random() % alphas.size()];
      uint32_t value = alpha << 24;
      for (int shift = 0; shift < 24; shift += 8) value |= (random() % (alpha + 1)) << shift;
      // Flat runs as well as noise, like a chart.
      row[x] = x % 40 < 20 ? value : (alpha << 24) | (0x336699 & (alpha == 255 ? 0xFFFFFF : 0));
    }
  }
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

void expect_same_pixels(cairo_surface_t* expected, cairo_surface_t* decoded, uint32_t mask) {
  ASSERT_EQ(cairo_surface_status(decoded), CAIRO_STATUS_SUCCESS);
  ASSERT_EQ(cairo_image_surface_get_width(decoded), cairo_image_surface_get_width(expected));
  ASSERT_EQ(cairo_image_surface_get_height(decoded), cairo_image_surface_get_height(expected));
  size_t differences = 0;
  for (int y = 0; y < cairo_image_surface_get_height(expected); ++y)
    for (int x = 0; x < cairo_image_surface_get_width(expected); ++x)
      differences += (pixel(expected, x, y) & mask) != (pixel(decoded, x, y) & mask);
  EXPECT_EQ(differences, 0u);
}

TEST(ChartPngTest, OpaqueSurfaceIsRgbAndDecodesToTheSamePixels) {
  const SurfacePointer surface = random_surface(CAIRO_FORMAT_RGB24, 301, 97, {255});
  const std::string png = encode_png(surface.get());
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(chunk_types(png), (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  EXPECT_EQ(big_endian(png, 16), 301u);
  EXPECT_EQ(big_endian(png, 20), 97u);
  EXPECT_EQ(png[24], 8);  // bits per channel
  EXPECT_EQ(png[25], 2);  // RGB
  const SurfacePointer decoded = decode(png);
  expect_same_pixels(surface.get(), decoded.get(), 0xFFFFFF);
}

TEST(ChartPngTest, TranslucentSurfaceKeepsItsAlpha) {
  const SurfacePointer surface = random_surface(CAIRO_FORMAT_ARGB32, 64, 48, {0, 1, 77, 128, 254, 255});
  const std::string png = encode_png(surface.get());
  EXPECT_EQ(png[25], 6);  // RGBA
  const SurfacePointer decoded = decode(png);
  EXPECT_EQ(cairo_image_surface_get_format(decoded.get()), CAIRO_FORMAT_ARGB32);
  // Premultiplied -> straight -> premultiplied is exact when both roundings are to nearest.
  expect_same_pixels(surface.get(), decoded.get(), 0xFFFFFFFF);
}

TEST(ChartPngTest, OpaqueArgbSurfaceDropsTheAlphaChannel) {
  const SurfacePointer surface = random_surface(CAIRO_FORMAT_ARGB32, 50, 50, {255});
  const std::string png = encode_png(surface.get());
  EXPECT_EQ(png[25], 2);
  const SurfacePointer decoded = decode(png);
  expect_same_pixels(surface.get(), decoded.get(), 0xFFFFFF);
}

TEST(ChartPngTest, FlatImagesCompress) {
  SurfacePointer surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 600), &cairo_surface_destroy);
  cairo_t* context = cairo_create(surface.get());
  cairo_set_source_rgb(context, 1, 1, 1);
  cairo_paint(context);
  cairo_destroy(context);
  EXPECT_LT(encode_png(surface.get()).size(), 20'000u);  // 1.8 MB of raw pixels
}

}  // namespace
}  // namespace ecomflow
