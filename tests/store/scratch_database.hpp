#pragma once
/// A throwaway database per test, on either backend: a SQLite file in a
/// scratch directory, or a freshly created PostgreSQL database (dropped at
/// the end) so tests can run in parallel and survive reconnects.

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "store/database.hpp"
#include "support/test_env.hpp"

namespace ecomflow::testing {

/// One empty database; `url` reopens it.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& backend) {
    if (backend == "sqlite") {
      url = "sqlite:" + (scratch_dir("store") / "test.db").string();
    } else {
      admin_ = Database::open(postgres_url());
      name_ = "ecomflow_t_" + std::to_string(std::random_device{}());
      admin_->execute("CREATE DATABASE " + name_);
      url = with_database(postgres_url(), name_);
    }
    database = Database::open(url);
  }
  ~ScratchDatabase() {
    database.reset();
    if (admin_) admin_->execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }

  /// `url` with its path replaced by another database name.
  static std::string with_database(const std::string& url, const std::string& name) {
    const size_t query = url.find('?');
    const size_t slash = url.rfind('/', query);
    return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
  }

  std::string url;
  std::unique_ptr<Database> database;

 private:
  std::unique_ptr<Database> admin_;
  std::string name_;
};

/// Base of the tests run once per backend: `db()` is an empty database.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") ECOMFLOW_REQUIRE_POSTGRES();
    scratch_ = std::make_unique<ScratchDatabase>(GetParam());
  }
  Database& db() { return *scratch_->database; }
  const std::string& url() const { return scratch_->url; }

 private:
  std::unique_ptr<ScratchDatabase> scratch_;
};

}  // namespace ecomflow::testing

/// Runs a BackendTest suite on SQLite and PostgreSQL.
#define ECOMFLOW_ON_BOTH_BACKENDS(suite)                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgresql"), \
                           [](const auto& info) { return info.param; })
