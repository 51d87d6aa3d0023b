#include "ingest/discover.hpp"

#include <algorithm>
#include <string_view>
#include <system_error>

#include "core/error.hpp"
#include "core/logging.hpp"
#include "ingest/input_name.hpp"

namespace ecomflow {

namespace {

namespace fs = std::filesystem;

/// Dot files are hidden; `~`-prefixed names are office lock files; `_`-prefixed
/// names are metadata beside the data (`_SUCCESS`, `_dirty_manifest.json`), the
/// convention Hadoop and Spark readers follow. Writers in
/// progress (`x.json.tmp-123`, `x.zip.part`) do not end in a readable
/// extension, so classification already skips them.
bool is_hidden_or_temporary(std::string_view name) {
  return name.empty() || name.front() == '.' || name.front() == '~' || name.front() == '_';
}

/// Whether `path` resolves (all links followed) to a place under `root`, a canonical path.
bool resolves_inside(const fs::path& path, const fs::path& root) {
  std::error_code error;
  const fs::path target = fs::canonical(path, error);
  if (error) return false;  // a dangling link points nowhere ecomflow should read
  const auto [root_left, target_at] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  return root_left == root.end();
}

[[noreturn]] void cannot_list(const fs::path& directory, const std::error_code& error) {
  throw UserError(fmt::format("cannot list events directory '{}': {}", printable_text(directory.string()),
                              error.message()));
}

}  // namespace

std::vector<fs::path> discover_inputs(const fs::path& dir, std::vector<fs::path>* refused) {
  std::error_code error;
  if (!fs::exists(dir, error))
    throw UserError(fmt::format("events directory '{}' does not exist", printable_text(dir.string())));
  if (!fs::is_directory(dir, error))
    throw UserError(fmt::format("events directory '{}' is not a directory", printable_text(dir.string())));
  const fs::path root = fs::canonical(dir, error);
  if (error) cannot_list(dir, error);

  std::vector<fs::path> inputs;
  // Directories still to list, walked one by one so that an error names the
  // directory that could not be read, not the events directory above it.
  std::vector<fs::path> pending{dir};
  while (!pending.empty()) {
    const fs::path directory = std::move(pending.back());
    pending.pop_back();
    fs::directory_iterator it(directory, error);
    if (error) cannot_list(directory, error);
    for (; it != fs::directory_iterator(); it.increment(error)) {
      const fs::path& path = it->path();
      const std::string name = path.filename().string();
      if (is_hidden_or_temporary(name)) continue;
      if (it->is_symlink(error)) {
        // Links are followed only while they stay inside the events
        // directory: one to /etc/shadow must not be read into the quarantine.
        const bool to_directory = it->is_directory(error);
        if (to_directory || classify_input_name(name).kind == InputKind::kUnsupported) continue;
        if (!resolves_inside(path, root)) {
          if (refused != nullptr) refused->push_back(path);
          continue;
        }
      } else if (it->is_directory(error)) {
        pending.push_back(path);
        continue;
      }
      if (!it->is_regular_file(error)) continue;
      if (classify_input_name(name).kind != InputKind::kUnsupported) inputs.push_back(path);
    }
    if (error) cannot_list(directory, error);
  }
  std::sort(inputs.begin(), inputs.end());
  if (refused != nullptr) std::sort(refused->begin(), refused->end());
  return inputs;
}

}  // namespace ecomflow
