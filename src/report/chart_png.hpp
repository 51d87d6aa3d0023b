#pragma once
/// PNG encoding of a cairo image surface with a deflate coder made for chart
/// rows (`row_deflate.hpp`) instead of cairo's libpng/zlib writer, which
/// spent most of a report run on deflate.

#include <cairo.h>

#include <string>

namespace ecomflow {

/// Encodes an ARGB32 or RGB24 image surface as PNG bytes: 8-bit RGB when
/// every pixel is opaque, straight (not premultiplied) RGBA otherwise.
std::string encode_png(cairo_surface_t* surface);

}  // namespace ecomflow
