/// The JSON parse speed limit: simdjson parses every extracted part file
/// (a full DOM parse, so every byte is validated) on one core and counts
/// the array elements. Nothing is looked at beyond that.
///
///   bench_parse_limit EXTRACTED_DIR
///
/// Prints one JSON object: files, bytes and events.

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: bench_parse_limit EXTRACTED_DIR\n";
    return 2;
  }
  std::vector<std::string> paths;
  for (const auto& item : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (item.is_regular_file() && item.path().extension() == ".json") paths.push_back(item.path().string());
  }
  std::sort(paths.begin(), paths.end());
  simdjson::dom::parser parser;
  uint64_t bytes = 0, events = 0;
  for (const auto& path : paths) {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text)) throw std::runtime_error(path + ": cannot read");
    bytes += text.size();
    simdjson::dom::array array;
    if (auto error = parser.parse(text).get_array().get(array)) {
      throw std::runtime_error(path + ": " + simdjson::error_message(error));
    }
    events += array.size();
  }
  std::printf("{\"files\": %zu, \"bytes\": %llu, \"events\": %llu}\n", paths.size(),
              static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(events));
  return 0;
} catch (const std::exception& error) {
  std::cerr << "bench_parse_limit: " << error.what() << "\n";
  return 1;
}
