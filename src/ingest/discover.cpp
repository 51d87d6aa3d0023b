#include "ingest/discover.hpp"

#include <algorithm>
#include <string_view>
#include <system_error>

#include "core/error.hpp"
#include "ingest/input_name.hpp"

namespace ecomflow {

namespace {

/// Dot files are hidden; `~`-prefixed names are office lock files; `_`-prefixed
/// names are metadata beside the data (`_SUCCESS`, `_dirty_manifest.json`), the
/// convention Hadoop and Spark readers follow. Writers in
/// progress (`x.json.tmp-123`, `x.zip.part`) do not end in a readable
/// extension, so classification already skips them.
bool is_hidden_or_temporary(std::string_view name) {
  return name.empty() || name.front() == '.' || name.front() == '~' || name.front() == '_';
}

}  // namespace

std::vector<std::filesystem::path> discover_inputs(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(dir, error))
    throw UserError(fmt::format("events directory '{}' does not exist", dir.string()));
  if (!fs::is_directory(dir, error))
    throw UserError(fmt::format("events directory '{}' is not a directory", dir.string()));

  std::vector<fs::path> inputs;
  fs::recursive_directory_iterator it(dir, error);
  if (error)
    throw UserError(fmt::format("cannot list events directory '{}': {}", dir.string(), error.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    const std::string name = it->path().filename().string();
    if (is_hidden_or_temporary(name)) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error)) continue;
    if (classify_input_name(name).kind != InputKind::kUnsupported) inputs.push_back(it->path());
  }
  if (error)
    throw UserError(fmt::format("cannot list events directory '{}': {}", dir.string(), error.message()));
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace ecomflow
