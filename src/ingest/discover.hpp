#pragma once
/// Finding the event files under an events directory.

#include <filesystem>
#include <vector>

namespace ecomflow {

/// Every file under `dir` (recursively, sorted by path) that can hold events:
/// `*.zip`, `*.json`, `*.ndjson`, `*.jsonl`, `*.csv` and their `.gz` forms.
/// Hidden files and directories, `_`-prefixed metadata files and
/// editor/download temporaries are skipped.
/// Throws UserError when `dir` does not exist or cannot be listed.
std::vector<std::filesystem::path> discover_inputs(const std::filesystem::path& dir);

}  // namespace ecomflow
