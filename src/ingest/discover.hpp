#pragma once
/// Finding the event files under an events directory.

#include <filesystem>
#include <vector>

namespace ecomflow {

/// Every file under `dir` (recursively, sorted by path) that can hold events:
/// `*.zip`, `*.json`, `*.ndjson`, `*.jsonl`, `*.csv` and their `.gz` forms.
/// Hidden files and directories, `_`-prefixed metadata files and
/// editor/download temporaries are skipped.
/// Symbolic links are followed only when they resolve to a place inside
/// `dir`: the others are not read and, when `refused` is given, listed there.
/// Throws UserError when `dir` or a directory under it does not exist or
/// cannot be listed (naming that directory).
std::vector<std::filesystem::path> discover_inputs(const std::filesystem::path& dir,
                                                   std::vector<std::filesystem::path>* refused = nullptr);

}  // namespace ecomflow
