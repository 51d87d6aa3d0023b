#include "report/row_deflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <memory>
#include <random>
#include <vector>

namespace ecomflow {
namespace {

/// Inflates with libdeflate, which also checks the zlib header and Adler-32.
std::vector<unsigned char> inflate(const std::string& stream, size_t size) {
  std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> decompressor(
      libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
  std::vector<unsigned char> out(size + 1);  // room for one byte too many
  size_t produced = 0;
  const libdeflate_result result = libdeflate_zlib_decompress(
      decompressor.get(), stream.data(), stream.size(), out.data(), out.size(), &produced);
  EXPECT_EQ(result, LIBDEFLATE_SUCCESS);
  out.resize(result == LIBDEFLATE_SUCCESS ? produced : 0);
  return out;
}

void expect_round_trip(const std::vector<unsigned char>& data, size_t row_bytes, size_t pixel_bytes) {
  const std::string stream = zlib_compress_rows(data, row_bytes, pixel_bytes);
  EXPECT_EQ(inflate(stream, data.size()), data);
}

/// Rows like a chart's: flat runs, noise, and rows repeating the one above.
std::vector<unsigned char> chart_like(size_t rows, size_t row_bytes, size_t pixel_bytes, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<unsigned char> data(rows * row_bytes);
  for (size_t row = 0; row < rows; ++row) {
    unsigned char* out = data.data() + row * row_bytes;
    if (row > 0 && random() % 3 == 0) {
      std::copy_n(out - row_bytes, row_bytes, out);
      continue;
    }
    out[0] = 0;  // the PNG filter byte
    unsigned char colour[4] = {255, 255, 255, 255};
    for (size_t at = 1; at + pixel_bytes <= row_bytes; at += pixel_bytes) {
      if (random() % 50 == 0)
        for (size_t c = 0; c < pixel_bytes; ++c) colour[c] = uint8_t(random());
      for (size_t c = 0; c < pixel_bytes; ++c)
        out[at + c] = random() % 8 == 0 ? uint8_t(random()) : colour[c];
    }
  }
  return data;
}

TEST(RowDeflateTest, ChartLikeRowsRoundTrip) {
  for (const size_t pixel_bytes : {3, 4}) {
    SCOPED_TRACE(pixel_bytes);
    const size_t row_bytes = 1 + 301 * pixel_bytes;
    const std::vector<unsigned char> data = chart_like(97, row_bytes, pixel_bytes, pixel_bytes);
    expect_round_trip(data, row_bytes, pixel_bytes);
  }
}

TEST(RowDeflateTest, EveryMatchLengthAndLiteralRoundTrips) {
  // Runs of every length from 1 to 600 (over the longest match, 258), each
  // of a new byte value, so runs, literals and every length code occur.
  std::vector<unsigned char> data;
  for (size_t run = 1; run <= 600; ++run) data.insert(data.end(), run, uint8_t(run * 37));
  expect_round_trip(data, 1, 1);
  expect_round_trip(data, 700, 3);
  std::vector<unsigned char> noise(100'000);
  std::mt19937 random(3);
  for (unsigned char& byte : noise) byte = uint8_t(random());
  expect_round_trip(noise, 1000, 3);
}

TEST(RowDeflateTest, TinyInputsRoundTrip) {
  expect_round_trip({}, 1, 1);
  expect_round_trip({7}, 1, 1);
  expect_round_trip({7, 7}, 2, 1);
  expect_round_trip({7, 7, 7, 7}, 4, 1);
  expect_round_trip({1, 2, 3, 1, 2, 3, 1, 2, 3}, 9, 3);
}

TEST(RowDeflateTest, RowsWiderThanTheWindowStillRoundTrip) {
  const size_t row_bytes = 1 + 12'000 * 3;  // over 32 KiB: the row above is out of reach
  const std::vector<unsigned char> data = chart_like(6, row_bytes, 3, 9);
  expect_round_trip(data, row_bytes, 3);
}

TEST(RowDeflateTest, RepeatedRowsCostLittle) {
  std::vector<unsigned char> data = chart_like(1, 3001, 3, 4);
  for (int row = 1; row < 600; ++row) data.insert(data.end(), data.begin(), data.begin() + 3001);
  const std::string stream = zlib_compress_rows(data, 3001, 3);
  // The first row is mostly literals; each of the other 599 rows is a dozen matches.
  EXPECT_LT(stream.size(), 3001 + 599 * 12 * 3);
  EXPECT_EQ(inflate(stream, data.size()), data);
}

}  // namespace
}  // namespace ecomflow
