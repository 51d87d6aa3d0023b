#pragma once
/// The list of files ecomflow wrote into a reports directory
/// (`<dir>/.ecomflow-written`, one path relative to the directory a line),
/// so that `cleanup` removes only what ecomflow wrote there, never a file
/// someone else put beside the reports.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace ecomflow {

/// The manifest's file name inside a reports directory.
inline constexpr const char* kWrittenManifestName = ".ecomflow-written";

/// Adds `files` (inside `directory`; others are ignored) to the manifest of
/// `directory`. Best effort: a manifest that cannot be written only means
/// cleanup leaves those files alone, so it warns rather than throws.
void record_written_files(const std::filesystem::path& directory,
                          const std::vector<std::filesystem::path>& files);

/// The paths (relative to `directory`) the manifest lists; empty without one.
std::set<std::string> read_written_files(const std::filesystem::path& directory);

/// Drops `relative_paths` from the manifest of `directory`.
void forget_written_files(const std::filesystem::path& directory,
                          const std::set<std::string>& relative_paths);

}  // namespace ecomflow
