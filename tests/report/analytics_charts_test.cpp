// The analytics charts: every file written whole in both formats, at the
// chart's size, and each chart saying what the data says.

#include "report/analytics_charts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>

#include "report/number_format.hpp"
#include "support/test_env.hpp"
#include "synthetic_shop.hpp"

namespace ecomflow {
namespace {

const std::vector<std::string> kChartNames = {
    "categories_distribution", "price_distribution", "top_selling_products",
    "revenue_comparison",      "conversion_funnel",  "hourly_traffic",
    "daily_revenue",           "cart_abandonment",   "session_duration"};

using testing::read_file;

uint32_t big_endian(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | uint8_t(bytes[at + i]);
  return value;
}

class AnalyticsChartsTest : public ::testing::Test {
 protected:
  testing::SyntheticShop shop = testing::make_synthetic_shop();
  Aggregates aggregates{shop.catalog};
  SessionReport sessions;
  std::vector<AnalyticsChart> charts;

  void SetUp() override {
    aggregates.add(shop.events);
    sessions = aggregates.sessions.report(0);
    charts = analytics_charts(aggregates, shop.catalog, sessions);
  }

  const ChartSpec& chart(const std::string& name) const {
    const auto found = std::find_if(charts.begin(), charts.end(),
                                    [&](const AnalyticsChart& chart) { return chart.name == name; });
    EXPECT_NE(found, charts.end()) << name;
    return found->spec;
  }
};

TEST_F(AnalyticsChartsTest, WritesEveryChartAsAValidPngOfTheChartSize) {
  const std::filesystem::path dir = testing::scratch_dir("analytics-charts-png") / "charts";
  const std::vector<std::filesystem::path> written =
      render_analytics_charts(aggregates, shop.catalog, dir, ChartFormat::kPng);
  ASSERT_EQ(written.size(), kChartNames.size());
  for (size_t i = 0; i < kChartNames.size(); ++i) {
    EXPECT_EQ(written[i], dir / (kChartNames[i] + ".png"));
    const std::string bytes = read_file(written[i]);
    ASSERT_GT(bytes.size(), 33u) << written[i];
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << written[i];
    EXPECT_EQ(bytes.substr(12, 4), "IHDR") << written[i];
    EXPECT_EQ(big_endian(bytes, 16), 1000u) << written[i];
    EXPECT_EQ(big_endian(bytes, 20), 600u) << written[i];
    // A drawn chart, not a blank canvas: a plain 1000x600 image compresses to a few hundred bytes.
    EXPECT_GT(bytes.size(), 8000u) << written[i];
  }
  // Written atomically: nothing but the charts is left in the directory.
  EXPECT_EQ(size_t(std::distance(std::filesystem::directory_iterator(dir), {})), kChartNames.size());
}

TEST_F(AnalyticsChartsTest, WritesEveryChartAsAnSvgOfTheChartSize) {
  const std::filesystem::path dir = testing::scratch_dir("analytics-charts-svg");
  const std::vector<std::filesystem::path> written =
      render_analytics_charts(aggregates, shop.catalog, sessions, dir, ChartFormat::kSvg);
  ASSERT_EQ(written.size(), kChartNames.size());
  for (size_t i = 0; i < kChartNames.size(); ++i) {
    EXPECT_EQ(written[i], dir / (kChartNames[i] + ".svg"));
    const std::string text = read_file(written[i]);
    const size_t open = text.find("<svg");
    ASSERT_NE(open, std::string::npos) << written[i];
    const std::string tag = text.substr(open, text.find('>', open) - open);
    EXPECT_NE(tag.find("viewBox=\"0 0 1000 600\""), std::string::npos) << tag;
    EXPECT_NE(text.rfind("</svg>"), std::string::npos) << written[i];
  }
}

TEST_F(AnalyticsChartsTest, EveryChartHasATitleAxisTitlesAndNamedSeries) {
  ASSERT_EQ(charts.size(), kChartNames.size());
  for (const AnalyticsChart& chart : charts) {
    SCOPED_TRACE(chart.name);
    EXPECT_FALSE(chart.spec.title.empty());
    EXPECT_FALSE(chart.spec.subtitle.empty());
    ASSERT_FALSE(chart.spec.series.empty());
    if (chart.spec.kind != ChartKind::kFunnel) {
      EXPECT_FALSE(chart.spec.value_title.empty());
    }
    if (chart.spec.kind == ChartKind::kBar || chart.spec.kind == ChartKind::kLine ||
        chart.spec.kind == ChartKind::kHistogram) {
      EXPECT_FALSE(chart.spec.category_title.empty());
    }
    for (const ChartSeries& series : chart.spec.series) {
      EXPECT_FALSE(series.name.empty());
      if (chart.spec.kind == ChartKind::kHistogram) {
        EXPECT_EQ(chart.spec.bin_edges.size(), series.values.size() + 1);
      } else {
        EXPECT_EQ(series.values.size(), chart.spec.categories.size());
      }
    }
  }
}

TEST_F(AnalyticsChartsTest, DailyRevenueFollowsTheDaysAndNamesTheSaleDay) {
  const ChartSpec& spec = chart("daily_revenue");
  ASSERT_EQ(spec.series.size(), 1u);
  ASSERT_EQ(spec.series[0].values.size(), size_t(shop.days));
  for (int day = 0; day < shop.days; ++day)
    EXPECT_EQ(spec.series[0].values[day], double(shop.revenue_by_day[shop.first_day + day])) << day;
  EXPECT_EQ(spec.categories.front(), "Nov 13");
  EXPECT_EQ(spec.value_format, ValueFormat::kMoney);
  EXPECT_NE(spec.subtitle.find("Peak Mon 2023-11-20"), std::string::npos) << spec.subtitle;
  EXPECT_NE(spec.subtitle.find(format_money_compact(shop.revenue_by_day[shop.surge_day])), std::string::npos)
      << spec.subtitle;
  // The sale day is marked on the line itself, not only named above it.
  ASSERT_TRUE(spec.marked_category.has_value());
  EXPECT_EQ(*spec.marked_category, size_t(shop.surge_day - shop.first_day));
  EXPECT_NE(spec.marked_label.find("Mon 2023-11-20"), std::string::npos) << spec.marked_label;
}

TEST(AnalyticsChartsGapTest, ADayWithoutDataIsAGapNotADayWithoutSales) {
  testing::SyntheticShop shop = testing::make_synthetic_shop();
  const DayNumber quiet = shop.first_day + 3;
  std::erase_if(shop.events, [&](const Event& event) { return event.time / kMicrosPerDay == quiet; });
  Aggregates aggregates(shop.catalog);
  aggregates.add(shop.events);
  const std::vector<AnalyticsChart> charts = traffic_charts(aggregates, shop.catalog);
  const auto daily = std::find_if(charts.begin(), charts.end(),
                                  [](const AnalyticsChart& chart) { return chart.name == "daily_revenue"; });
  ASSERT_NE(daily, charts.end());
  const std::vector<double>& values = daily->spec.series[0].values;
  ASSERT_EQ(values.size(), size_t(shop.days));
  EXPECT_TRUE(std::isnan(values[3])) << values[3];
  EXPECT_EQ(values[2], double(shop.revenue_by_day[quiet - 1]));
  EXPECT_EQ(daily->spec.categories[3], "Nov 16");
  EXPECT_NE(daily->spec.subtitle.find("1 day without data left blank"), std::string::npos)
      << daily->spec.subtitle;
}

TEST_F(AnalyticsChartsTest, MoneyIsWrittenInTheChosenCurrency) {
  const std::vector<AnalyticsChart> euro =
      analytics_charts(aggregates, shop.catalog, sessions, *find_currency("EUR"));
  for (const AnalyticsChart& chart : euro) {
    SCOPED_TRACE(chart.name);
    EXPECT_EQ(chart.spec.value_title.find("USD"), std::string::npos) << chart.spec.value_title;
    EXPECT_EQ(chart.spec.category_title.find("USD"), std::string::npos) << chart.spec.category_title;
    EXPECT_EQ(chart.spec.subtitle.find('$'), std::string::npos) << chart.spec.subtitle;
    if (chart.spec.value_format == ValueFormat::kMoney || chart.spec.bin_format == ValueFormat::kMoney) {
      EXPECT_EQ(chart.spec.money_symbol, "\u20ac");
    }
  }
  const auto daily = std::find_if(euro.begin(), euro.end(),
                                  [](const AnalyticsChart& chart) { return chart.name == "daily_revenue"; });
  EXPECT_EQ(daily->spec.value_title, "Revenue (EUR)");
  EXPECT_NE(daily->spec.subtitle.find("\u20ac"), std::string::npos) << daily->spec.subtitle;
  const std::string svg = render_chart_svg(daily->spec);
  EXPECT_NE(svg.find("\u20ac"), std::string::npos);
  EXPECT_EQ(svg.find('$'), std::string::npos);
}

TEST_F(AnalyticsChartsTest, TopSellersAreRankedByUnits) {
  const ChartSpec& spec = chart("top_selling_products");
  std::vector<std::pair<int64_t, uint32_t>> expected;
  for (const auto& [product, units] : shop.units_by_product) expected.push_back({units, product});
  std::sort(expected.rbegin(), expected.rend());
  ASSERT_EQ(spec.series[0].values.size(), std::min<size_t>(10, expected.size()));
  EXPECT_TRUE(std::is_sorted(spec.series[0].values.rbegin(), spec.series[0].values.rend()));
  EXPECT_EQ(spec.series[0].values[0], double(expected[0].first));
  EXPECT_EQ(spec.categories[0], shop.catalog.products()[expected[0].second].name);
}

TEST_F(AnalyticsChartsTest, RevenueComparisonSplitsTheWholeRevenueBySegment) {
  const ChartSpec& spec = chart("revenue_comparison");
  EXPECT_GT(spec.series.size(), 1u);  // several segments: a legend is drawn
  double total = 0;
  for (const ChartSeries& series : spec.series)
    total = std::accumulate(series.values.begin(), series.values.end(), total);
  EXPECT_EQ(total, double(shop.revenue));
  EXPECT_EQ(spec.value_format, ValueFormat::kMoney);
}

TEST_F(AnalyticsChartsTest, TopSellersSayHowManyProductsSold) {
  const ChartSpec& spec = chart("top_selling_products");
  const std::string expected = fmt::format("of the {} products with sales ({} in the catalog)",
                                           shop.units_by_product.size(), shop.catalog.products().size());
  EXPECT_NE(spec.subtitle.find(expected), std::string::npos) << spec.subtitle;
}

TEST(AnalyticsChartsSegmentTest, ASegmentWithoutSalesStaysInTheLegendAtZero) {
  testing::SyntheticShop shop = testing::make_synthetic_shop();
  shop.catalog.add_customer("c_dormant", shop.first_day, "Dormant");
  Aggregates aggregates(shop.catalog);
  aggregates.add(shop.events);
  const std::vector<AnalyticsChart> charts =
      analytics_charts(aggregates, shop.catalog, aggregates.sessions.report(0));
  const auto comparison = std::find_if(charts.begin(), charts.end(), [](const AnalyticsChart& chart) {
    return chart.name == "revenue_comparison";
  });
  ASSERT_NE(comparison, charts.end());
  const auto& series = comparison->spec.series;
  const auto dormant =
      std::find_if(series.begin(), series.end(), [](const ChartSeries& s) { return s.name == "Dormant"; });
  ASSERT_NE(dormant, series.end()) << "the segment without sales vanished from the legend";
  EXPECT_EQ(std::accumulate(dormant->values.begin(), dormant->values.end(), 0.0), 0.0);
  EXPECT_EQ(dormant->values.size(), comparison->spec.categories.size());
}

TEST_F(AnalyticsChartsTest, FunnelAndSessionsMatchTheTraffic) {
  const ChartSpec& funnel = chart("conversion_funnel");
  // Every session opens with a page view, and the funnel starts there.
  EXPECT_EQ(funnel.categories.front(), "Page views");
  EXPECT_EQ(funnel.series[0].values, (std::vector<double>{double(shop.sessions), double(shop.views),
                                                          double(shop.carts), double(shop.purchases)}));

  const ChartSpec& durations = chart("session_duration");
  const std::vector<double>& bins = durations.series[0].values;
  EXPECT_EQ(std::accumulate(bins.begin(), bins.end(), 0.0), double(shop.sessions));
  EXPECT_TRUE(std::is_sorted(durations.bin_edges.begin(), durations.bin_edges.end()));

  const ChartSpec& abandonment = chart("cart_abandonment");
  EXPECT_NE(abandonment.subtitle.find(
                fmt::format("{} of {} sessions with a cart", shop.abandoned_sessions, shop.cart_sessions)),
            std::string::npos)
      << abandonment.subtitle;

  const ChartSpec& hourly = chart("hourly_traffic");
  EXPECT_EQ(hourly.categories.size(), 24u);
  EXPECT_EQ(std::accumulate(hourly.series[0].values.begin(), hourly.series[0].values.end(), 0.0),
            double(shop.events.size()));
}

TEST_F(AnalyticsChartsTest, CatalogChartsCountEveryProduct) {
  const ChartSpec& categories = chart("categories_distribution");
  EXPECT_EQ(categories.categories.size(), shop.catalog.categories().size());
  EXPECT_EQ(std::accumulate(categories.series[0].values.begin(), categories.series[0].values.end(), 0.0),
            12.0);
  const ChartSpec& prices = chart("price_distribution");
  EXPECT_EQ(std::accumulate(prices.series[0].values.begin(), prices.series[0].values.end(), 0.0), 12.0);
  // Empty bins at the ends are dropped: prices run from $32.50 to $257.50.
  EXPECT_EQ(prices.bin_edges.front(), 2500.0);
  EXPECT_EQ(prices.bin_edges.back(), 50000.0);
}

TEST(AnalyticsChartsEmptyTest, NoTrafficStillDrawsEveryChart) {
  const testing::SyntheticShop shop = testing::make_synthetic_shop();
  const Aggregates aggregates(shop.catalog);
  const std::filesystem::path dir = testing::scratch_dir("analytics-charts-empty");
  const std::vector<std::filesystem::path> written =
      render_analytics_charts(aggregates, shop.catalog, dir, ChartFormat::kPng);
  EXPECT_EQ(written.size(), kChartNames.size());
  for (const std::filesystem::path& file : written)
    EXPECT_GT(std::filesystem::file_size(file), 1000u) << file;
}

}  // namespace
}  // namespace ecomflow
