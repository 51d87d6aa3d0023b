#include "core/redact.hpp"

#include <gtest/gtest.h>

namespace ecomflow {
namespace {

TEST(RedactTest, MasksTheWholePasswordEvenWithUnencodedAtOrSlash) {
  EXPECT_EQ(redact_secrets("postgresql://shop:s3cret@db:5432/shop"), "postgresql://shop:****@db:5432/shop");
  EXPECT_EQ(redact_secrets("postgresql://u:p@ss@host/db"), "postgresql://u:****@host/db");
  EXPECT_EQ(redact_secrets("postgresql://u:p@s@s@host/db"), "postgresql://u:****@host/db");
  EXPECT_EQ(redact_secrets("postgresql://u:p/ss@host/db"), "postgresql://u:****@host/db");
  EXPECT_EQ(redact_secrets("db  postgresql://u:p@ss@host/db  flag"), "db  postgresql://u:****@host/db  flag");
  EXPECT_EQ(redact_secrets("{\"database\": \"postgresql://u:p@ss@host/db\", \"x\": 1}"),
            "{\"database\": \"postgresql://u:****@host/db\", \"x\": 1}");
}

TEST(RedactTest, LeavesTextWithoutSecretsAlone) {
  EXPECT_EQ(redact_secrets("sqlite:shop.db"), "sqlite:shop.db");
  EXPECT_EQ(redact_secrets("https://example.com/a@b"), "https://example.com/a@b");
  EXPECT_EQ(redact_secrets("postgresql://localhost/db"), "postgresql://localhost/db");
  EXPECT_EQ(redact_secrets("host=h password=abc user=u"), "host=h password=**** user=u");
}

}  // namespace
}  // namespace ecomflow
