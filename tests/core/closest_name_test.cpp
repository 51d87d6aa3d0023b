#include "core/closest_name.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

const std::vector<std::string> kCommands{"run", "runs", "report", "generate", "check", "monitor", "query"};

TEST(ClosestNameTest, EditDistance) {
  EXPECT_EQ(edit_distance("run", "run"), 0u);
  EXPECT_EQ(edit_distance("rn", "run"), 1u);
  EXPECT_EQ(edit_distance("evnets", "events"), 1u);  // a swap is one edit
  EXPECT_EQ(edit_distance("thread", "threads"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestNameTest, SuggestsOnlyNearNames) {
  EXPECT_EQ(closest_name("rn", kCommands), "run");
  EXPECT_EQ(closest_name("genrate", kCommands), "generate");
  EXPECT_EQ(closest_name("chekc", kCommands), "check");
  EXPECT_FALSE(closest_name("xyz", kCommands));
  EXPECT_FALSE(closest_name("run", kCommands));  // not a typo
  EXPECT_FALSE(closest_name("a", kCommands));
  EXPECT_EQ(did_you_mean("monitr", kCommands), "; did you mean 'monitor'?");
  EXPECT_EQ(did_you_mean("zzzzzz", kCommands), "");
}

}  // namespace
}  // namespace ecomflow
