#include "core/written_manifest.hpp"

#include <spdlog/spdlog.h>

#include <fstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace ecomflow {
namespace {

void write_manifest(const std::filesystem::path& directory, const std::set<std::string>& paths) {
  std::string text;
  for (const std::string& path : paths) text += path + "\n";
  try {
    write_file_atomically(directory / kWrittenManifestName, text);
  } catch (const UserError& error) {
    spdlog::warn("{} (cleanup will leave these reports alone)", error.what());
  }
}

/// `file` relative to `directory`, or empty when it lies outside it or
/// cannot be listed on one line.
std::string relative_inside(const std::filesystem::path& directory, const std::filesystem::path& file) {
  const std::filesystem::path relative =
      std::filesystem::absolute(file).lexically_normal().lexically_relative(
          std::filesystem::absolute(directory).lexically_normal());
  const std::string text = relative.generic_string();
  if (text.empty() || text == "." || text.starts_with("..") || relative.is_absolute() ||
      text.find_first_of("\r\n") != std::string::npos)
    return "";
  return text;
}

}  // namespace

void record_written_files(const std::filesystem::path& directory,
                          const std::vector<std::filesystem::path>& files) {
  std::set<std::string> paths = read_written_files(directory);
  const size_t before = paths.size();
  for (const std::filesystem::path& file : files)
    if (std::string relative = relative_inside(directory, file); !relative.empty()) paths.insert(relative);
  if (paths.size() != before) write_manifest(directory, paths);
}

std::set<std::string> read_written_files(const std::filesystem::path& directory) {
  std::set<std::string> paths;
  std::ifstream in(directory / kWrittenManifestName);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) paths.insert(line);
  return paths;
}

void forget_written_files(const std::filesystem::path& directory,
                          const std::set<std::string>& relative_paths) {
  if (relative_paths.empty()) return;
  std::set<std::string> paths = read_written_files(directory);
  for (const std::string& path : relative_paths) paths.erase(path);
  write_manifest(directory, paths);
}

}  // namespace ecomflow
