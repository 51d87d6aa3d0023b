#include "report/chart.hpp"
#include "report/chart_kinds.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

using SurfacePointer = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

uint32_t big_endian(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

/// Checks the PNG signature and the IHDR chunk's width and height.
void expect_png(const std::string& bytes, int width, int height) {
  ASSERT_GT(bytes.size(), 33u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  EXPECT_EQ(big_endian(bytes, 16), uint32_t(width));
  EXPECT_EQ(big_endian(bytes, 20), uint32_t(height));
}

void expect_svg(const std::string& text, int width, int height) {
  EXPECT_EQ(text.rfind("<?xml", 0), 0u) << text.substr(0, 80);
  const size_t svg = text.find("<svg");
  ASSERT_NE(svg, std::string::npos);
  const std::string tag = text.substr(svg, text.find('>', svg) - svg);
  EXPECT_NE(tag.find("width=\"" + std::to_string(width) + "px\""), std::string::npos) << tag;
  EXPECT_NE(tag.find("height=\"" + std::to_string(height) + "px\""), std::string::npos) << tag;
  EXPECT_NE(text.find("</svg>"), std::string::npos);
}

struct DecodedPng {
  SurfacePointer surface{nullptr, &cairo_surface_destroy};
  int width() const { return cairo_image_surface_get_width(surface.get()); }
  int height() const { return cairo_image_surface_get_height(surface.get()); }
  /// The pixel as 0xRRGGBB.
  uint32_t pixel(int x, int y) const {
    const unsigned char* row =
        cairo_image_surface_get_data(surface.get()) + y * cairo_image_surface_get_stride(surface.get());
    return reinterpret_cast<const uint32_t*>(row)[x] & 0xFFFFFF;
  }
};

DecodedPng decode(const std::string& bytes) {
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
  DecodedPng png;
  png.surface.reset(cairo_image_surface_create_from_png_stream(read, &reader));
  cairo_surface_flush(png.surface.get());
  return png;
}

/// Pixels of exactly `colour` (0xRRGGBB) anywhere in the image.
size_t count_colour(const DecodedPng& png, uint32_t colour) {
  size_t count = 0;
  for (int y = 0; y < png.height(); ++y)
    for (int x = 0; x < png.width(); ++x) count += png.pixel(x, y) == colour;
  return count;
}

/// Nothing may be drawn in the outer `margin` pixels: text there has been clipped.
void expect_clear_border(const DecodedPng& png, int margin) {
  for (int y = 0; y < png.height(); ++y)
    for (int x = 0; x < png.width(); ++x) {
      const bool border = x < margin || y < margin || x >= png.width() - margin || y >= png.height() - margin;
      if (border && png.pixel(x, y) != 0xFFFFFF) {
        ADD_FAILURE() << "ink at the image edge: (" << x << ", " << y << ")";
        return;
      }
    }
}

constexpr uint32_t kFirstSeries = 0x0072B2;
constexpr uint32_t kSecondSeries = 0xE69F00;

ChartSpec sample(ChartKind kind) {
  ChartSpec spec;
  spec.kind = kind;
  spec.title = "Revenue by category";
  spec.subtitle = "2023-10-23 to 2023-10-29";
  spec.category_title = "Category";
  spec.value_title = "Revenue (USD)";
  spec.value_format = ValueFormat::kMoney;
  spec.categories = {"Electronics", "Books", "Clothing", "Home & Garden", "Sports & Outdoors"};
  spec.series = {{"Revenue", {1250000, 430000, 780000, 655000, 912000}}};
  if (kind == ChartKind::kHistogram) {
    spec.bin_edges = {0, 30, 60, 120, 300, 600};
    spec.bin_format = ValueFormat::kDuration;
    spec.value_format = ValueFormat::kNumber;
  }
  if (kind == ChartKind::kFunnel) {
    spec.categories = {"Product views", "Add to cart", "Purchase"};
    spec.series = {{"Events", {70000, 25000, 5000}}};
    spec.value_format = ValueFormat::kNumber;
  }
  return spec;
}

class ChartKindTest : public ::testing::TestWithParam<ChartKind> {};

TEST_P(ChartKindTest, RendersPngAndSvgOfTheRequestedSize) {
  ChartSpec spec = sample(GetParam());
  expect_png(render_chart_png(spec), 1000, 600);
  expect_svg(render_chart_svg(spec), 1000, 600);
  spec.width = 640;
  spec.height = 480;
  expect_png(render_chart_png(spec), 640, 480);
  expect_svg(render_chart_svg(spec), 640, 480);
}

TEST_P(ChartKindTest, DrawsTheDataInsideTheImage) {
  const DecodedPng png = decode(render_chart_png(sample(GetParam())));
  ASSERT_EQ(png.width(), 1000);
  // A line is thin; bars, bins and stages fill areas.
  EXPECT_GT(count_colour(png, kFirstSeries), GetParam() == ChartKind::kLine ? 300u : 2000u);
  expect_clear_border(png, 6);
}

TEST_P(ChartKindTest, LongLabelsAndManyCategoriesStayInsideTheImage) {
  ChartSpec spec = sample(GetParam());
  spec.categories.clear();
  spec.series = {{"Units", {}}};
  spec.bin_edges.clear();
  for (int i = 0; i < 50; ++i) {
    spec.categories.push_back("Product Omega " + std::to_string(i) +
                              " with an unusually long descriptive name, deluxe edition");
    spec.series[0].values.push_back(1000.0 + 37.0 * i);
  }
  const DecodedPng png = decode(render_chart_png(spec));
  EXPECT_GT(count_colour(png, kFirstSeries), 500u);
  expect_clear_border(png, 6);
}

TEST_P(ChartKindTest, EmptySeriesSayNoData) {
  ChartSpec spec = sample(GetParam());
  spec.series = {{"Revenue", {}}};
  spec.categories.clear();
  spec.bin_edges.clear();
  const std::string png_bytes = render_chart_png(spec);
  expect_png(png_bytes, 1000, 600);
  EXPECT_EQ(count_colour(decode(png_bytes), kFirstSeries), 0u);
  expect_svg(render_chart_svg(spec), 1000, 600);
  // The "No data" text differs from a chart without a message only by its glyphs.
  spec.series.clear();
  expect_png(render_chart_png(spec), 1000, 600);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, ChartKindTest,
                         ::testing::Values(ChartKind::kBar, ChartKind::kHorizontalBar, ChartKind::kLine,
                                           ChartKind::kHistogram, ChartKind::kFunnel));

TEST(ChartTest, SeveralSeriesGetTheirOwnColours) {
  ChartSpec spec = sample(ChartKind::kBar);
  spec.series.push_back({"Last week", {1100000, 500000, 700000, 600000, 990000}});
  const DecodedPng png = decode(render_chart_png(spec));
  EXPECT_GT(count_colour(png, kFirstSeries), 2000u);
  EXPECT_GT(count_colour(png, kSecondSeries), 2000u);
  spec.kind = ChartKind::kLine;
  const DecodedPng lines = decode(render_chart_png(spec));
  EXPECT_GT(count_colour(lines, kSecondSeries), 200u);
}

TEST(ChartTest, AHistogramOfUnequalBinsSaysTheyAreDrawnEquallyWide) {
  ChartSpec uneven = sample(ChartKind::kHistogram);  // 0, 30, 60, 120, 300, 600 s
  EXPECT_NE(render_chart_svg(uneven).find(kUnevenBinsNote), std::string::npos);
  ChartSpec even = uneven;
  even.bin_edges = {0, 60, 120, 180, 240, 300};
  EXPECT_EQ(render_chart_svg(even).find(kUnevenBinsNote), std::string::npos);
}

TEST(ChartTest, AFunnelStepLargerThanTheOneAboveIsAMultipleNotAConversion) {
  ChartSpec spec = sample(ChartKind::kFunnel);
  spec.categories = {"Page views", "Product views", "Add to cart"};
  spec.series = {{"Events", {1000, 1200, 300}}};
  const std::string svg = render_chart_svg(spec);
  EXPECT_NE(svg.find("1.20× the step above"), std::string::npos);
  EXPECT_EQ(svg.find("120.0%"), std::string::npos);
  EXPECT_NE(svg.find("25.0% converted"), std::string::npos);
}

TEST(ChartTest, TheMarkedDayIsDrawnWithItsLabel) {
  ChartSpec spec = sample(ChartKind::kLine);
  spec.marked_category = 2;
  spec.marked_label = "Peak day: Wed 2023-11-22";
  const std::string svg = render_chart_svg(spec);
  EXPECT_NE(svg.find("Peak day: Wed 2023-11-22"), std::string::npos);
  spec.marked_category.reset();
  EXPECT_EQ(render_chart_svg(spec).find("Peak day"), std::string::npos);
}

/// The value of attribute `name` in the SVG element that starts at `from`.
double svg_attribute(const std::string& svg, size_t from, const std::string& name) {
  const size_t at = svg.find(" " + name + "=\"", from);
  return at == std::string::npos ? NAN : std::stod(svg.substr(at + name.size() + 3));
}

TEST(ChartTest, TheMarkedDaysLabelClearsItsRingedPoint) {
  // The peak is the highest point, so its ring sits at the top of the plot
  // beside the label: the label must start beyond the ring, not on it.
  ChartSpec spec = sample(ChartKind::kLine);
  spec.series = {{"Revenue", {100, 200, 900, 150, 120}}};
  spec.marked_category = 2;
  spec.marked_label = "Peak day: Wed 2023-11-22";
  const std::string svg = render_chart_svg(spec);
  double ring_x = NAN, ring_extent = 0;
  for (size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) {
    const double radius = svg_attribute(svg, at, "r") + svg_attribute(svg, at, "stroke-width") / 2;
    if (radius > ring_extent) ring_extent = radius, ring_x = svg_attribute(svg, at, "cx");
  }
  const size_t label = svg.rfind("<text", svg.find("Peak day: Wed 2023-11-22"));
  ASSERT_NE(label, std::string::npos);
  ASSERT_TRUE(std::isfinite(ring_x));
  EXPECT_GT(std::abs(svg_attribute(svg, label, "x") - ring_x), ring_extent);
}

TEST(ChartTest, EdgeCasesRender) {
  ChartSpec one_bar = sample(ChartKind::kBar);
  one_bar.categories = {"Books"};
  one_bar.series = {{"Revenue", {430000}}};
  EXPECT_GT(count_colour(decode(render_chart_png(one_bar)), kFirstSeries), 2000u);

  ChartSpec zeros = sample(ChartKind::kBar);
  zeros.series = {{"Revenue", {0, 0, 0, 0, 0}}};
  expect_png(render_chart_png(zeros), 1000, 600);

  ChartSpec negative = sample(ChartKind::kLine);
  negative.value_format = ValueFormat::kNumber;
  negative.series = {{"Change", {-120, 40, -5, 300, -260}}};
  const DecodedPng png = decode(render_chart_png(negative));
  EXPECT_GT(count_colour(png, kFirstSeries), 200u);
  expect_clear_border(png, 6);

  ChartSpec gaps = sample(ChartKind::kLine);
  gaps.series = {{"Revenue", {100, std::nan(""), 300, std::nan(""), 200}}};
  expect_png(render_chart_png(gaps), 1000, 600);
}

TEST(ChartTest, RefusesImpossibleSizes) {
  ChartSpec spec = sample(ChartKind::kBar);
  spec.width = 0;
  EXPECT_THROW(render_chart_png(spec), UsageError);
}

TEST(ChartTest, WritesFilesAtomically) {
  const auto directory = testing::scratch_dir("chart_test");
  const ChartSpec spec = sample(ChartKind::kBar);
  render_chart(spec, directory / "nested" / "revenue.png", ChartFormat::kPng);
  render_chart(spec, directory / "nested" / "revenue.svg", ChartFormat::kSvg);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory / "nested"))
    ++files;
  EXPECT_EQ(files, 2u);  // no temporary files left behind
  std::ifstream png_file(directory / "nested" / "revenue.png", std::ios::binary);
  expect_png(std::string(std::istreambuf_iterator<char>(png_file), {}), 1000, 600);
  std::ifstream svg_file(directory / "nested" / "revenue.svg");
  expect_svg(std::string(std::istreambuf_iterator<char>(svg_file), {}), 1000, 600);
}

/// Every `id="..."` in an SVG document.
std::set<std::string> svg_ids(const std::string& svg) {
  std::set<std::string> ids;
  for (size_t at = svg.find(" id=\""); at != std::string::npos; at = svg.find(" id=\"", at + 1)) {
    const size_t start = at + 5;
    ids.insert(svg.substr(start, svg.find('"', start) - start));
  }
  return ids;
}

TEST(ChartTest, SvgKeepsTextAsTextAndNeedsNoIdsToShareAPage) {
  for (const ChartKind kind : {ChartKind::kBar, ChartKind::kLine, ChartKind::kFunnel}) {
    const std::string svg = render_chart_svg(sample(kind));
    // Titles and labels are <text>, escaped, so a page can search and select them.
    EXPECT_NE(svg.find(">Revenue by category</text>"), std::string::npos) << svg.substr(0, 400);
    if (kind != ChartKind::kFunnel) {
      EXPECT_NE(svg.find(">Home &amp; Garden</text>"), std::string::npos);
      EXPECT_EQ(svg.find("Home & Garden"), std::string::npos);
    }
    // Nothing is defined once and used by reference, so two charts inlined
    // in one page cannot draw each other's parts.
    EXPECT_TRUE(svg_ids(svg).empty());
    EXPECT_EQ(svg.find("href="), std::string::npos);
    EXPECT_EQ(svg.find("url("), std::string::npos);
    // Every element is closed.
    size_t opened = 0;
    size_t closed = 0;
    for (size_t at = svg.find('<'); at != std::string::npos; at = svg.find('<', at + 1)) {
      if (svg.compare(at, 2, "<?") == 0) continue;
      const size_t end = svg.find('>', at);
      ASSERT_NE(end, std::string::npos);
      if (svg[at + 1] == '/') {
        ++closed;
      } else if (svg[end - 1] == '/') {
        ++opened;
        ++closed;
      } else {
        ++opened;
      }
    }
    EXPECT_EQ(opened, closed);
  }
}

TEST(ChartTest, SvgLinesFollowTheData) {
  ChartSpec spec = sample(ChartKind::kLine);
  spec.categories = {"a", "b", "c"};
  spec.series = {{"Revenue", {10, 20, 30}}};
  const std::string svg = render_chart_svg(spec);
  // One stroked path through the three points: its y falls as the value rises.
  const size_t path = svg.find("fill=\"none\"");
  ASSERT_NE(path, std::string::npos);
  const size_t data = svg.rfind("d=\"M ", path);
  ASSERT_NE(data, std::string::npos);
  std::istringstream points(svg.substr(data + 5, svg.find('"', data + 5) - data - 5));
  double x0, y0, x1, y1, x2, y2;
  std::string line;
  points >> x0 >> y0 >> line >> x1 >> y1 >> x2 >> y2;
  EXPECT_EQ(line, "L");
  EXPECT_LT(x0, x1);
  EXPECT_LT(x1, x2);
  EXPECT_GT(y0, y1);
  EXPECT_GT(y1, y2);
  EXPECT_NEAR(y0 - y1, y1 - y2, 0.02);
  // Markers on the few points.
  size_t markers = 0;
  for (size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) ++markers;
  EXPECT_EQ(markers, 3u);
}

std::string decode_base64(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    buffer = (buffer << 6) | uint32_t(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(char((buffer >> bits) & 0xFF));
    }
  }
  return bytes;
}

TEST(ChartTest, Base64IsThePng) {
  const ChartSpec spec = sample(ChartKind::kFunnel);
  const std::string encoded = render_chart_png_base64(spec);
  EXPECT_EQ(encoded.size() % 4, 0u);
  EXPECT_EQ(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
            std::string::npos);
  EXPECT_EQ(decode_base64(encoded), render_chart_png(spec));
}

}  // namespace
}  // namespace ecomflow
