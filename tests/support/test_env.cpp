#include "support/test_env.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <vector>

namespace ecomflow::testing {

namespace {
std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

/// The scratch directories made so far; removed when the test program exits.
class ScratchDirectories {
 public:
  ~ScratchDirectories() {
    for (const std::filesystem::path& path : paths_) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  }
  void add(const std::filesystem::path& path) {
    std::lock_guard lock(mutex_);
    paths_.push_back(path);
  }

 private:
  std::mutex mutex_;
  std::vector<std::filesystem::path> paths_;
};

ScratchDirectories& scratch_directories() {
  static ScratchDirectories directories;
  return directories;
}
}  // namespace

std::string postgres_url() { return env_or_empty("ECOMFLOW_TEST_PG_URL"); }
std::string redis_url() { return env_or_empty("ECOMFLOW_TEST_REDIS_URL"); }
std::filesystem::path source_dir() { return ECOMFLOW_SOURCE_DIR; }
std::filesystem::path binary() { return ECOMFLOW_BINARY; }

std::filesystem::path scratch_dir(const std::string& name) {
  std::random_device random;
  auto path =
      std::filesystem::temp_directory_path() / ("ecomflow-test-" + name + "-" + std::to_string(random()));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  scratch_directories().add(path);
  return path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int run_command(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer;
  size_t count;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    if (output) output->append(buffer.data(), count);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace ecomflow::testing
