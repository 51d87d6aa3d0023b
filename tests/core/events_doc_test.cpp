// docs/events.md is the input contract users read: it must name every event
// type and explain every quarantine reason the code can give.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/event.hpp"
#include "core/quarantine.hpp"

namespace ecomflow {
namespace {

std::string read_doc(const std::string& relative) {
  std::ifstream in(std::string(ECOMFLOW_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EventsDocTest, NamesEveryEventTypeAndQuarantineReason) {
  const std::string doc = read_doc("docs/events.md");
  ASSERT_FALSE(doc.empty()) << "docs/events.md is missing";
  for (int i = 0; i < kEventTypeCount; ++i) {
    const std::string name = "`" + std::string(event_type_name(EventType(i))) + "`";
    EXPECT_NE(doc.find(name), std::string::npos) << name;
  }
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    // A row of the reasons table: "| `name` | level | meaning |".
    const std::string row = "| `" + std::string(quarantine_reason_name(QuarantineReason(i))) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << row;
  }
  for (const char* field :
       {"timestamp", "customer_id", "event_type", "product_id", "quantity", "event_id", "session_id"})
    EXPECT_NE(doc.find("| `" + std::string(field) + "` |"), std::string::npos) << field;
}

TEST(EventsDocTest, UserFacingTextSaysWhatTheSalesReportIs) {
  for (const char* file :
       {"README.md", "docs/warehouse.md", "docs/events.md", "src/store/analytics_queries.cpp"}) {
    const std::string text = read_doc(file);
    ASSERT_FALSE(text.empty()) << file;
    EXPECT_EQ(text.find("seed 001's report"), std::string::npos) << file;
  }
  EXPECT_NE(read_doc("README.md").find("docs/events.md"), std::string::npos);
}

}  // namespace
}  // namespace ecomflow
