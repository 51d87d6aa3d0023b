// Renders one chart of every kind from shop-like data, the way the report
// uses them, and checks each file is written whole.
// Set ECOMFLOW_CHART_GALLERY=DIR to keep the images and look at them.

#include <cairo.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "report/chart.hpp"
#include "support/test_env.hpp"

namespace ecomflow {
namespace {

std::vector<ChartSpec> gallery() {
  std::vector<ChartSpec> charts;
  const std::vector<std::string> categories = {"Electronics", "Books", "Clothing", "Home & Garden",
                                               "Sports & Outdoors"};
  {
    ChartSpec spec;
    spec.kind = ChartKind::kBar;
    spec.title = "Revenue by category and customer segment";
    spec.subtitle = "Purchases 2023-10-23 to 2023-10-29";
    spec.category_title = "Product category";
    spec.value_title = "Revenue (USD)";
    spec.value_format = ValueFormat::kMoney;
    spec.categories = categories;
    spec.series = {{"VIP", {1845020, 420550, 733010, 980000, 1210090}},
                   {"New", {812000, 190075, 402500, 388000, 512300}},
                   {"Regular", {1302500, 350010, 611000, 702040, 866000}},
                   {"Lapsed", {210000, 55000, 98020, 120500, 143000}}};
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kBar;
    spec.title = "Units sold by category";
    spec.category_title = "Product category";
    spec.value_title = "Units";
    spec.categories = categories;
    spec.series = {{"Units", {1284, 1710, 932, 645, 1120}}};
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kHorizontalBar;
    spec.title = "Top 10 products by revenue";
    spec.value_title = "Revenue (USD)";
    spec.value_format = ValueFormat::kMoney;
    const char* names[] = {"Gamma 17", "Alpha 3",  "Omega 42", "Delta 8", "Beta 29",
                           "Gamma 5",  "Alpha 44", "Omega 11", "Beta 36", "Delta 20"};
    spec.series = {{"Revenue", {}}};
    double revenue = 1894550;
    for (const char* name : names) {
      spec.categories.push_back(std::string("Product ") + name);
      spec.series[0].values.push_back(std::round(revenue));
      revenue *= 0.86;
    }
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kLine;
    spec.title = "Events by hour of day";
    spec.category_title = "Hour (UTC)";
    spec.value_title = "Events";
    spec.series = {{"Product views", {}}, {"Add to cart", {}}, {"Purchases", {}}};
    for (int hour = 0; hour < 24; ++hour) {
      spec.categories.push_back(fmt::format("{:02}:00", hour));
      const double daily = 1500 + 1300 * std::sin((hour - 8) * M_PI / 12);
      spec.series[0].values.push_back(std::round(daily));
      spec.series[1].values.push_back(std::round(daily * 0.36));
      spec.series[2].values.push_back(std::round(daily * 0.07));
    }
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kLine;
    spec.title = "Daily revenue";
    spec.subtitle = "Last 60 days";
    spec.category_title = "Day";
    spec.value_title = "Revenue (USD)";
    spec.value_format = ValueFormat::kMoney;
    spec.series = {{"Revenue", {}}};
    for (int day = 0; day < 60; ++day) {
      const int month_day = day < 31 ? day + 1 : day - 30;
      spec.categories.push_back(fmt::format("2023-{:02}-{:02}", day < 31 ? 10 : 11, month_day));
      const double weekly = 1 + 0.25 * std::sin(day * 2 * M_PI / 7);
      spec.series[0].values.push_back(std::round(3200000 * weekly + 18000.0 * day));
    }
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kHistogram;
    spec.title = "Session duration";
    spec.subtitle = "Sessions ending in a purchase or timing out after 30 min idle";
    spec.category_title = "Session length";
    spec.value_title = "Sessions";
    spec.bin_format = ValueFormat::kDuration;
    spec.bin_edges = {0, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 2700, 3600};
    spec.series = {{"Sessions", {812, 1430, 2210, 1980, 1604, 1220, 640, 388, 302, 140, 61}}};
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kFunnel;
    spec.title = "Conversion funnel";
    spec.subtitle = "Events, 2023-10-23 to 2023-10-29";
    spec.categories = {"Product views", "Add to cart", "Purchases"};
    spec.series = {{"Events", {70000, 25000, 5000}}};
    charts.push_back(spec);
  }
  // The awkward cases, to look at as well.
  {
    ChartSpec spec;
    spec.kind = ChartKind::kBar;
    spec.title = "Units by product (50 products, long names)";
    spec.category_title = "Product";
    spec.value_title = "Units";
    spec.series = {{"Units", {}}};
    for (int i = 1; i <= 50; ++i) {
      spec.categories.push_back(
          fmt::format("Product {} {} Deluxe Limited Edition", i % 2 ? "Alpha" : "Omega", i));
      spec.series[0].values.push_back(100 + (i * 37) % 250);
    }
    charts.push_back(spec);
    spec.kind = ChartKind::kHorizontalBar;
    spec.title = "Units by product, horizontal";
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kLine;
    spec.title = "Daily revenue (no purchases yet)";
    spec.category_title = "Day";
    spec.value_title = "Revenue (USD)";
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kBar;
    spec.title = "Refunds by category (all zero)";
    spec.value_title = "Refunds (USD)";
    spec.value_format = ValueFormat::kMoney;
    spec.categories = categories;
    spec.series = {{"Refunds", {0, 0, 0, 0, 0}}};
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kLine;
    spec.title = "Day-over-day revenue change";
    spec.category_title = "Day";
    spec.value_title = "Change (%)";
    spec.value_format = ValueFormat::kPercent;
    spec.series = {{"This month", {}}, {"Last month", {}}};
    for (int day = 1; day <= 14; ++day) {
      spec.categories.push_back(fmt::format("Oct {}", day));
      spec.series[0].values.push_back(0.18 * std::sin(day * 0.9));
      spec.series[1].values.push_back(day == 6 ? std::nan("") : 0.07 * std::cos(day * 0.7) - 0.03);
    }
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kBar;
    spec.title = "Average order value";
    spec.value_title = "Average order (USD)";
    spec.value_format = ValueFormat::kMoney;
    spec.categories = {"All customers"};
    spec.series = {{"Average", {15999}}};
    charts.push_back(spec);
  }
  {
    ChartSpec spec;
    spec.kind = ChartKind::kFunnel;
    spec.title = "Checkout funnel";
    spec.categories = {"Sessions", "Viewed a product", "Added to cart", "Started checkout", "Purchased"};
    spec.series = {{"Sessions", {12000, 9100, 2400, 310, 0}}};
    charts.push_back(spec);
  }
  return charts;
}

TEST(ChartGalleryTest, EveryChartRendersWhole) {
  const char* kept = std::getenv("ECOMFLOW_CHART_GALLERY");
  const std::filesystem::path directory =
      kept ? std::filesystem::path(kept) : testing::scratch_dir("chart_gallery");
  const std::vector<ChartSpec> charts = gallery();
  for (size_t i = 0; i < charts.size(); ++i) {
    const auto file = directory / fmt::format("{:02}.png", i + 1);
    render_chart(charts[i], file, ChartFormat::kPng);
    render_chart(charts[i], std::filesystem::path(file).replace_extension(".svg"), ChartFormat::kSvg);
    std::ifstream stream(file, std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(stream), {});
    ASSERT_GT(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(1, 3), "PNG") << file;
    // Whole: it decodes to the full size, and more than the background is
    // drawn (a title alone is some 3,000 pixels; one gallery chart says "No data").
    std::ifstream reread(file, std::ios::binary);
    const auto read = [](void* closure, unsigned char* data, unsigned int length) {
      return static_cast<std::ifstream*>(closure)->read(reinterpret_cast<char*>(data), length)
                 ? CAIRO_STATUS_SUCCESS
                 : CAIRO_STATUS_READ_ERROR;
    };
    cairo_surface_t* image = cairo_image_surface_create_from_png_stream(read, &reread);
    ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS) << file;
    EXPECT_EQ(cairo_image_surface_get_width(image), charts[i].width);
    EXPECT_EQ(cairo_image_surface_get_height(image), charts[i].height);
    const auto* pixels = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(image));
    const size_t count = size_t(charts[i].width) * size_t(charts[i].height);  // stride = 4 × width
    const size_t drawn =
        size_t(std::count_if(pixels, pixels + count, [&](uint32_t p) { return p != pixels[0]; }));
    EXPECT_GT(drawn, 1000u) << file << " is blank";
    cairo_surface_destroy(image);
  }
}

}  // namespace
}  // namespace ecomflow
