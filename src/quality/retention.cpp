#include "quality/retention.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/written_manifest.hpp"
#include "quality/table_metrics.hpp"

namespace ecomflow {
namespace {

/// A ledger row: the content processed at a path, and when.
struct LedgerEntry {
  int64_t size = 0;
  std::string content_hash;
  TimestampUs processed_at = 0;
};

void clean_archives(Database& database, TimestampUs cutoff, bool dry_run, CleanupResult& result) {
  if (!database.table_exists("ingest_ledger")) return;
  std::map<std::string, std::vector<LedgerEntry>> by_path;
  for (const auto& row :
       database.query("SELECT path, size, content_hash, CAST(processed_at AS TEXT) FROM ingest_ledger")
           .rows) {
    if (!row[0] || !row[1] || !row[2] || !row[3]) continue;
    const auto processed = parse_database_time(*row[3]);
    if (!processed) continue;
    by_path[*row[0]].push_back({std::stoll(*row[1]), *row[2], *processed});
  }
  for (const auto& [path_text, entries] : by_path) {
    const std::filesystem::path path(path_text);
    std::error_code error;
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, error))) continue;
    const auto size = int64_t(std::filesystem::file_size(path, error));
    if (error) continue;
    // Only the exact content the ledger recorded counts as processed.
    const LedgerEntry* match = nullptr;
    for (const LedgerEntry& entry : entries)
      if (entry.size == size && (match == nullptr || entry.processed_at > match->processed_at))
        match = &entry;
    if (match == nullptr) {
      result.kept_archives.push_back({path, size, "size differs from the processed file"});
      continue;
    }
    if (match->processed_at >= cutoff) continue;
    if (ledger_content_hash(path) != match->content_hash) {
      result.kept_archives.push_back({path, size, "content differs from the processed file"});
      continue;
    }
    if (!dry_run && !std::filesystem::remove(path, error))
      throw UserError(fmt::format("cannot remove {}: {}", path.string(), error.message()));
    result.archives.push_back({path, size, ""});
  }
}

/// True when every directory from `directory` down to `file` is a real
/// directory, not a symlink that could lead the removal elsewhere.
bool stays_inside(const std::filesystem::path& directory, const std::string& relative) {
  const std::filesystem::path path(relative);
  if (path.is_absolute()) return false;
  std::filesystem::path at = directory;
  for (auto part = path.begin(); part != path.end(); ++part) {
    if (*part == ".." || *part == ".") return false;
    if (std::next(part) == path.end()) break;
    at /= *part;
    std::error_code error;
    if (!std::filesystem::is_directory(std::filesystem::symlink_status(at, error))) return false;
  }
  return true;
}

void clean_reports(const std::filesystem::path& directory, TimestampUs cutoff, bool dry_run,
                   CleanupResult& result) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) return;
  // Only files ecomflow wrote here (its manifest) are candidates: anything
  // else in the directory is someone else's, and a symlink is never followed.
  std::vector<CleanupFile> old;
  std::set<std::string> gone;
  for (const std::string& relative : read_written_files(directory)) {
    if (!stays_inside(directory, relative)) continue;
    const std::filesystem::path path = directory / relative;
    const auto status = std::filesystem::symlink_status(path, error);
    if (error || !std::filesystem::exists(status)) {
      gone.insert(relative);
      continue;
    }
    if (!std::filesystem::is_regular_file(status)) continue;
    const auto written = std::chrono::file_clock::to_sys(std::filesystem::last_write_time(path, error));
    if (error) continue;
    const TimestampUs written_us =
        std::chrono::duration_cast<std::chrono::microseconds>(written.time_since_epoch()).count();
    if (written_us < cutoff) {
      old.push_back({path, int64_t(std::filesystem::file_size(path, error)), ""});
      gone.insert(relative);
    }
  }
  for (CleanupFile& file : old) {
    if (!dry_run && !std::filesystem::remove(file.path, error))
      throw UserError(fmt::format("cannot remove {}: {}", file.path.string(), error.message()));
    result.reports.push_back(std::move(file));
  }
  if (!dry_run) forget_written_files(directory, gone);
}

void clean_quarantine(Database& database, TimestampUs cutoff, bool dry_run, CleanupResult& result) {
  if (!database.table_exists("quarantine")) return;
  const std::string before = format_timestamp(cutoff / kMicrosPerSecond * kMicrosPerSecond);
  const auto counted = database.query("SELECT COUNT(*) FROM quarantine WHERE quarantined_at < $1", {before});
  result.quarantine_rows = std::stoll(counted.rows.at(0).at(0).value_or("0"));
  if (!dry_run && result.quarantine_rows > 0)
    database.query("DELETE FROM quarantine WHERE quarantined_at < $1", {before});
}

}  // namespace

std::string ledger_content_hash(const std::filesystem::path& path) {
  // The same chunking as `run`'s ledger hash: 1 MiB reads chained into one hash.
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::string buffer(1 << 20, '\0');
  uint64_t hash = 0;
  while (in) {
    in.read(buffer.data(), std::streamsize(buffer.size()));
    const auto count = size_t(in.gcount());
    if (count == 0) break;
    hash = hash_bytes(std::string_view(buffer.data(), count), hash);
  }
  return fmt::format("{:016x}", hash);
}

CleanupResult clean_up(Database& database, const CleanupOptions& options) {
  if (options.keep_days < 0) throw UsageError("--keep-days must not be negative");
  const TimestampUs cutoff = now_utc() - int64_t(options.keep_days) * kMicrosPerDay;
  CleanupResult result;
  clean_archives(database, cutoff, options.dry_run, result);
  clean_reports(options.reports_dir, cutoff, options.dry_run, result);
  clean_quarantine(database, cutoff, options.dry_run, result);
  return result;
}

}  // namespace ecomflow
