#include "store/database_url.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/database.hpp"

namespace ecomflow {
namespace {

TEST(DatabaseUrlTest, SqliteForms) {
  EXPECT_EQ(parse_database_url("sqlite:ecomflow.db").sqlite_path, "ecomflow.db");
  EXPECT_EQ(parse_database_url("sqlite://data/x.db").sqlite_path, "data/x.db");
  EXPECT_EQ(parse_database_url("sqlite:///abs/path/x.db").sqlite_path, "/abs/path/x.db");
  EXPECT_EQ(parse_database_url("sqlite::memory:").sqlite_path, ":memory:");
  EXPECT_EQ(parse_database_url("sqlite:ecomflow.db").backend, DatabaseUrl::Backend::kSqlite);
  EXPECT_EQ(parse_database_url("sqlite:///abs/x.db").display_name(), "sqlite:/abs/x.db");
}

TEST(DatabaseUrlTest, PostgresParts) {
  const auto url = parse_database_url(
      "postgresql://shop%40ops:s3cr%2Fet@db.example.com:6543/ecommerce_db?sslmode=require");
  EXPECT_EQ(url.backend, DatabaseUrl::Backend::kPostgres);
  EXPECT_EQ(url.user, "shop@ops");
  EXPECT_EQ(url.host, "db.example.com");
  EXPECT_EQ(url.port, "6543");
  EXPECT_EQ(url.database, "ecommerce_db");
  EXPECT_EQ(url.host_port(), "db.example.com:6543");
  EXPECT_EQ(url.display_name().find("s3cr"), std::string::npos);
}

TEST(DatabaseUrlTest, AmbiguousUserInformationIsRefusedWithHowToEncode) {
  for (const std::string url : {"postgresql://u:p@ss@host/db", "postgresql://u:p/ss@host/db",
                                "postgres://u:p?ss@host:5432/db", "postgresql://u@x:p@host/db"}) {
    try {
      parse_database_url(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const UsageError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("ambiguous database URL"), std::string::npos) << message;
      EXPECT_NE(message.find("%40"), std::string::npos) << message;
      for (const char* secret : {"ss@host", ":p@", ":p/", ":p?"})
        EXPECT_EQ(message.find(secret), std::string::npos) << message;
    }
  }
  // Encoded, the same password is fine, and never shown.
  const auto encoded = parse_database_url("postgresql://u:p%40ss@host/db");
  EXPECT_EQ(encoded.host, "host");
  EXPECT_EQ(encoded.user, "u");
  EXPECT_EQ(encoded.display_name(), "postgresql://u:****@host/db");
  // An '@' after a numeric port belongs to the query, not to a password.
  EXPECT_EQ(parse_database_url("postgresql://host:5432/db?application_name=a@b").host, "host");
}

TEST(DatabaseUrlTest, PostgresDefaultsAndIpv6) {
  const auto plain = parse_database_url("postgres://localhost");
  EXPECT_EQ(plain.host, "localhost");
  EXPECT_EQ(plain.port, "5432");
  EXPECT_EQ(plain.database, "");
  const auto ipv6 = parse_database_url("postgresql://u@[::1]:5433/db");
  EXPECT_EQ(ipv6.host, "::1");
  EXPECT_EQ(ipv6.port, "5433");
}

TEST(DatabaseUrlTest, UnknownSchemeIsUsageErrorWithoutPassword) {
  try {
    parse_database_url("mysql://root:hunter2@localhost/shop");
    FAIL() << "expected UsageError";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("unsupported database URL"), std::string::npos) << message;
    EXPECT_NE(message.find("use sqlite:PATH or postgresql://"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
  EXPECT_THROW(parse_database_url("sqlite:"), UsageError);
  EXPECT_THROW(parse_database_url("ecomflow.db"), UsageError);
  EXPECT_THROW(parse_database_url("postgresql://host:notaport/db"), UsageError);
}

TEST(DatabaseUrlTest, UnreachableServerNamesHostPortNotPassword) {
  // Port 1 on loopback: nothing listens there, so the refusal is immediate.
  try {
    Database::open("postgresql://shop:topsecret@127.0.0.1:1/ecommerce_db");
    FAIL() << "expected UserError";
  } catch (const UserError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("cannot connect to PostgreSQL at 127.0.0.1:1"), std::string::npos) << message;
    EXPECT_NE(message.find("database ecommerce_db, user shop"), std::string::npos) << message;
    EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
    EXPECT_EQ(error.code(), ExitCode::kFatal);
  }
}

}  // namespace
}  // namespace ecomflow
