#pragma once
/// `ecomflow cleanup`: what the pipeline no longer needs after N days —
/// input archives already processed (proved by the ledger: same path, size
/// and content hash), old report files ecomflow wrote (its manifest in the
/// reports directory) and old quarantined records. A file the ledger or the
/// manifest does not know is never touched, and symlinks are never followed.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ecomflow {

/// What to clean.
struct CleanupOptions {
  int keep_days = 30;  ///< keep anything younger than this
  std::filesystem::path reports_dir = "reports";
  bool dry_run = false;  ///< list, remove nothing
};

/// One file removed (or that would be), or kept with a reason.
struct CleanupFile {
  std::filesystem::path path;
  int64_t bytes = 0;
  std::string reason;  ///< kept files: why
};

/// Everything cleanup did or would do.
struct CleanupResult {
  std::vector<CleanupFile> archives;       ///< processed inputs removed
  std::vector<CleanupFile> kept_archives;  ///< ledger files left alone (changed since processing, ...)
  std::vector<CleanupFile> reports;        ///< old report files removed
  int64_t quarantine_rows = 0;             ///< quarantined records removed
};

/// Cleans up (or with dry_run only lists) what is older than keep_days.
/// Ledger paths are read as stored (relative to the directory `run` ran in).
CleanupResult clean_up(Database& database, const CleanupOptions& options);

/// The ledger's content hash of a file (the same 64-bit hash `run` records),
/// or empty when it cannot be read.
std::string ledger_content_hash(const std::filesystem::path& path);

}  // namespace ecomflow
