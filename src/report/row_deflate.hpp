#pragma once
/// A deflate coder for image rows, for charts: flat fills and repeated rows
/// are most of a chart, so coding only repeats of the previous pixel and of
/// the row above finds most of its redundancy, several times faster than a
/// general deflate, for files up to about twice the size of libdeflate's
/// level 2 (which also finds repeated glyphs and the like).

#include <cstddef>
#include <span>
#include <string>

namespace ecomflow {

/// A zlib stream (RFC 1950) of `data`, which is rows of `row_bytes` bytes
/// made of pixels of `pixel_bytes` bytes (as PNG's filtered scanlines are,
/// with the filter byte counting as part of the row). One block of deflate's
/// fixed Huffman codes (RFC 1951): literals, and matches at distance
/// `pixel_bytes` or `row_bytes` (the latter only up to deflate's 32 KiB window).
std::string zlib_compress_rows(std::span<const unsigned char> data, size_t row_bytes, size_t pixel_bytes);

}  // namespace ecomflow
