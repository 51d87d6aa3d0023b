#pragma once
/// What tests learn from their environment: servers started by `make test`,
/// the source tree, the built binary, and scratch directories.

#include <filesystem>
#include <string>

namespace ecomflow::testing {

/// `ECOMFLOW_TEST_PG_URL`, or empty when no PostgreSQL was started.
std::string postgres_url();
/// `ECOMFLOW_TEST_REDIS_URL`, or empty when no Redis was started.
std::string redis_url();
/// The repository root.
std::filesystem::path source_dir();
/// The built `ecomflow` binary.
std::filesystem::path binary();
/// A fresh empty directory under the system temp dir, removed at exit.
std::filesystem::path scratch_dir(const std::string& name);
/// The whole content of a file (empty if it cannot be read).
std::string read_file(const std::filesystem::path& path);
/// Runs a shell command, returns its exit code; output captured into `output`.
int run_command(const std::string& command, std::string* output = nullptr);

}  // namespace ecomflow::testing

/// Skips a test that needs PostgreSQL when `make test` did not start one,
/// unless ECOMFLOW_TEST_REQUIRE_SERVERS is set (then it fails instead).
#define ECOMFLOW_REQUIRE_POSTGRES()                                                     \
  do {                                                                                  \
    if (::ecomflow::testing::postgres_url().empty()) {                                  \
      if (std::getenv("ECOMFLOW_TEST_REQUIRE_SERVERS")) FAIL() << "no test PostgreSQL"; \
      GTEST_SKIP() << "no test PostgreSQL (run through `make test`)";                   \
    }                                                                                   \
  } while (0)
