#pragma once
/// PNG encoding of a cairo image surface: libdeflate at a fast level instead
/// of cairo's libpng/zlib writer, which spent most of a report run on
/// deflate. Charts are flat colours, so a fast level loses little size.

#include <cairo.h>

#include <string>

namespace ecomflow {

/// Default deflate level for charts (libdeflate 1–12).
constexpr int kChartPngLevel = 2;

/// Encodes an ARGB32 or RGB24 image surface as PNG bytes: 8-bit RGB when
/// every pixel is opaque, straight (not premultiplied) RGBA otherwise.
std::string encode_png(cairo_surface_t* surface, int level = kChartPngLevel);

}  // namespace ecomflow
