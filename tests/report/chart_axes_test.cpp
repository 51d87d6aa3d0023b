#include "report/chart_axes.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <memory>

namespace ecomflow {
namespace {

/// A real cairo context so text is measured with the real font.
class ChartAxesTest : public ::testing::Test {
 protected:
  ChartAxesTest()
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 600), &cairo_surface_destroy),
        context_(cairo_create(surface_.get()), &cairo_destroy),
        canvas_(context_.get(), 1000, 600) {}

  /// Labels that are drawn never touch: straight ones side by side, rotated ones
  /// a line height apart across their slant.
  void expect_no_overlap(const std::vector<std::string>& labels, double spacing, LabelCrowding crowding) {
    const CategoryLabels layout = layout_category_labels(canvas_, labels, spacing, crowding);
    ASSERT_EQ(layout.texts.size(), labels.size());
    ASSERT_GE(layout.every, 1u);
    const double distance = spacing * double(layout.every);
    const double line_height = canvas_.measure("Ag", TextRole::kTick).height;
    for (size_t i = 0; i + layout.every < layout.texts.size(); i += layout.every) {
      if (layout.rotated) {
        EXPECT_GE(distance * 0.7071, line_height) << "rotated labels " << i;
      } else {
        const double half_widths = (canvas_.measure(layout.texts[i], TextRole::kTick).width +
                                    canvas_.measure(layout.texts[i + layout.every], TextRole::kTick).width) /
                                   2;
        EXPECT_GT(distance, half_widths) << layout.texts[i];
      }
    }
  }

  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context_;
  ChartCanvas canvas_;
};

TEST_F(ChartAxesTest, FewShortLabelsStayStraightAndComplete) {
  const std::vector<std::string> labels = {"Electronics", "Books", "Clothing", "Home & Garden",
                                           "Sports & Outdoors"};
  const CategoryLabels layout = layout_category_labels(canvas_, labels, 180, LabelCrowding::kRotate);
  EXPECT_FALSE(layout.rotated);
  EXPECT_EQ(layout.every, 1u);
  EXPECT_EQ(layout.texts, labels);
}

TEST_F(ChartAxesTest, CrowdedCategoriesRotateAndNeverOverlap) {
  std::vector<std::string> labels;
  for (int i = 0; i < 50; ++i) labels.push_back("Product Gamma " + std::to_string(i));
  for (const double spacing : {90.0, 40.0, 18.0, 6.0}) {
    expect_no_overlap(labels, spacing, LabelCrowding::kRotate);
    EXPECT_TRUE(layout_category_labels(canvas_, labels, spacing, LabelCrowding::kRotate).rotated);
  }
}

TEST_F(ChartAxesTest, SequencesSkipStraightLabelsWhileEnoughRemain) {
  std::vector<std::string> hours;
  for (int hour = 0; hour < 24; ++hour) hours.push_back(std::to_string(hour) + ":00");
  const CategoryLabels layout = layout_category_labels(canvas_, hours, 25, LabelCrowding::kSkip);
  EXPECT_FALSE(layout.rotated);
  EXPECT_GT(layout.every, 1u);
  for (const double spacing : {38.0, 25.0, 12.0, 3.0})
    expect_no_overlap(hours, spacing, LabelCrowding::kSkip);
}

TEST_F(ChartAxesTest, VeryLongLabelsAreShortenedWithAnEllipsis) {
  const std::vector<std::string> labels(8, std::string(300, 'W'));
  const CategoryLabels layout = layout_category_labels(canvas_, labels, 30, LabelCrowding::kRotate);
  ASSERT_TRUE(layout.rotated);
  EXPECT_LT(canvas_.measure(layout.texts[0], TextRole::kTick).width, 300);
  EXPECT_EQ(layout.texts[0].substr(layout.texts[0].size() - 3), "…");
  // The rotated labels fit under the plot with room to spare.
  EXPECT_LT(layout.extent_below, 600 * 0.3);
}

TEST_F(ChartAxesTest, ValueAxisLabelsFollowTheFormat) {
  EXPECT_EQ(make_value_axis(0, 1845020, true, ValueFormat::kMoney).labels,
            (std::vector<std::string>{"$0", "$5k", "$10k", "$15k", "$20k"}));
  EXPECT_EQ(make_value_axis(0, 2800, true, ValueFormat::kNumber).labels,
            (std::vector<std::string>{"0", "500", "1k", "1.5k", "2k", "2.5k", "3k"}));
  EXPECT_EQ(make_value_axis(-0.18, 0.18, false, ValueFormat::kPercent).labels,
            (std::vector<std::string>{"-20%", "-10%", "0%", "10%", "20%"}));
  // Durations tick on whole minutes, not on 1-2-5 steps of seconds.
  EXPECT_EQ(make_value_axis(0, 1500, true, ValueFormat::kDuration).labels,
            (std::vector<std::string>{"0 min", "5 min", "10 min", "15 min", "20 min", "25 min"}));
  EXPECT_EQ(make_value_axis(0, 0, true, ValueFormat::kMoney).labels,
            (std::vector<std::string>{"$0.00", "$0.20", "$0.40", "$0.60", "$0.80", "$1.00"}));
}

TEST_F(ChartAxesTest, ValueLabels) {
  EXPECT_EQ(format_value(1980, ValueFormat::kNumber), "1,980");
  EXPECT_EQ(format_value(70000, ValueFormat::kNumber), "70k");
  EXPECT_EQ(format_value(15999, ValueFormat::kMoney), "$159.99");
  EXPECT_EQ(format_value(0.357, ValueFormat::kPercent), "35.7%");
  EXPECT_EQ(format_value(192, ValueFormat::kDuration), "3.2 min");
}

}  // namespace
}  // namespace ecomflow
