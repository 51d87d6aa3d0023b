#pragma once
/// Runs tests/gen/classify_records.py, an independent Python reading of the
/// generated files, and returns its `key value` lines as a map.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "support/test_env.hpp"

namespace ecomflow::testing {

/// Classifies every record under `directory` (and flattens `manifest` when given).
inline std::map<std::string, std::string> classify_records(const std::filesystem::path& directory,
                                                           int customers, int products,
                                                           const std::filesystem::path& manifest = {}) {
  const std::filesystem::path script = source_dir() / "tests/gen/classify_records.py";
  std::string command = "python3 '" + script.string() + "' '" + directory.string() + "' " +
                        std::to_string(customers) + " " + std::to_string(products);
  if (!manifest.empty()) command += " '" + manifest.string() + "'";
  std::string output;
  const int status = run_command(command, &output);
  EXPECT_EQ(status, 0) << output;
  std::map<std::string, std::string> values;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t space = line.find(' ');
    if (space != std::string::npos) values[line.substr(0, space)] = line.substr(space + 1);
  }
  return values;
}

/// The value of `key`, or "absent".
inline std::string value_of(const std::map<std::string, std::string>& values, const std::string& key) {
  const auto found = values.find(key);
  return found == values.end() ? "absent" : found->second;
}

}  // namespace ecomflow::testing
