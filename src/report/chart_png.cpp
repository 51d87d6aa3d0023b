#include "report/chart_png.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "report/row_deflate.hpp"

namespace ecomflow {
namespace {

constexpr unsigned char kFilterNone = 0;

void append_big_endian(std::string& out, uint32_t value) {
  const char bytes[4] = {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
  out.append(bytes, 4);
}

/// Appends one chunk: length, type, data, CRC-32 of type and data.
void append_chunk(std::string& out, const char (&type)[5], std::string_view data) {
  append_big_endian(out, uint32_t(data.size()));
  const size_t type_at = out.size();
  out.append(type, 4);
  out.append(data);
  append_big_endian(out, uint32_t(libdeflate_crc32(0, out.data() + type_at, 4 + data.size())));
}

bool every_pixel_opaque(const unsigned char* data, int width, int height, int stride) {
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride));
    for (int x = 0; x < width; ++x)
      if ((row[x] >> 24) != 0xFF) return false;
  }
  return true;
}

/// One scanline of straight RGB or RGBA from cairo's native-endian 0xAARRGGBB
/// words (colour premultiplied by alpha in ARGB32).
void convert_row(const uint32_t* pixels, int width, bool alpha, unsigned char* out) {
  if (!alpha) {
    for (int x = 0; x < width; ++x, out += 3) {
      const uint32_t pixel = pixels[x];
      out[0] = uint8_t(pixel >> 16);
      out[1] = uint8_t(pixel >> 8);
      out[2] = uint8_t(pixel);
    }
    return;
  }
  for (int x = 0; x < width; ++x, out += 4) {
    const uint32_t pixel = pixels[x];
    const uint32_t a = pixel >> 24;
    if (a == 0) {
      std::memset(out, 0, 4);
      continue;
    }
    // Rounded like cairo's own PNG writer.
    out[0] = uint8_t((((pixel >> 16) & 0xFF) * 255 + a / 2) / a);
    out[1] = uint8_t((((pixel >> 8) & 0xFF) * 255 + a / 2) / a);
    out[2] = uint8_t(((pixel & 0xFF) * 255 + a / 2) / a);
    out[3] = uint8_t(a);
  }
}

}  // namespace

std::string encode_png(cairo_surface_t* surface) {
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw UserError(fmt::format("cannot encode image as PNG: {}", cairo_status_to_string(status)));
  cairo_surface_flush(surface);
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  ECOMFLOW_CHECK(format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  ECOMFLOW_CHECK(data != nullptr && width > 0 && height > 0);

  const bool alpha = format == CAIRO_FORMAT_ARGB32 && !every_pixel_opaque(data, width, height, stride);
  const size_t pixel_bytes = alpha ? 4 : 3;
  const size_t row_bytes = 1 + size_t(width) * pixel_bytes;  // filter byte, then pixels

  // No row filter: the coder already finds a repeat of the previous pixel
  // or of the row above, which is what "sub" and "up" would turn into zeros.
  std::vector<unsigned char> rows(row_bytes * size_t(height));
  for (int y = 0; y < height; ++y) {
    unsigned char* out = rows.data() + size_t(y) * row_bytes;
    out[0] = kFilterNone;
    convert_row(reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride)), width, alpha, out + 1);
  }

  const std::string compressed = zlib_compress_rows(rows, row_bytes, pixel_bytes);

  std::string header;
  append_big_endian(header, uint32_t(width));
  append_big_endian(header, uint32_t(height));
  header += char(8);              // bits per channel
  header += char(alpha ? 6 : 2);  // colour type: RGBA or RGB
  header.append(3, '\0');         // deflate, adaptive filtering, no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.reserve(8 + 25 + 12 + compressed.size() + 12);
  append_chunk(png, "IHDR", header);
  append_chunk(png, "IDAT", compressed);
  append_chunk(png, "IEND", {});
  return png;
}

}  // namespace ecomflow
