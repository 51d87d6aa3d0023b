#pragma once
/// The synthetic event generator behind `ecomflow generate`.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "gen/dirty_injector.hpp"
#include "gen/generator_options.hpp"

namespace ecomflow {

/// A file written unreadable on purpose: the top-level file (relative to the
/// output directory), the entry path inside it (levels joined by `!`), and
/// how many records it held.
struct UnreadableFile {
  std::string file;
  std::string entry;
  int64_t records = 0;
  /// `file!entry`.
  std::string path() const { return file + "!" + entry; }
};

/// What a generator run wrote.
struct GenerateResult {
  std::vector<std::filesystem::path> files;  ///< week archives or day NDJSON files
  int64_t records = 0;  ///< all records written, including bad, duplicate and unreadable ones
  int64_t bytes = 0;
  DirtyCounts dirty;
  std::optional<UnreadableFile> malformed_file;
  std::optional<UnreadableFile> corrupt_archive;
  std::filesystem::path manifest;  ///< `_dirty_manifest.json`, empty when no dirt was asked for
  std::string notes;               ///< the profile's special days
};

/// Called after each finished week (from worker threads, one at a time).
using GenerateProgress = std::function<void(int weeks_done, int weeks_total, int64_t records)>;

/// Throws UsageError when the options cannot make a dataset.
void check_generator_options(const GeneratorOptions& options);

/// Generates the events of `options` over `catalog` into `options.out`,
/// weeks in parallel on `options.threads` threads; the bytes do not depend on
/// the thread count. Refuses (UserError naming the file) to overwrite an
/// existing output file unless `options.force`. With a dirty rate, also
/// writes `_dirty_manifest.json`.
GenerateResult generate_events(const GeneratorOptions& options, const Catalog& catalog,
                               const GenerateProgress& progress = {});

/// The JSON text of `_dirty_manifest.json`: what was injected, exactly.
std::string dirty_manifest_json(const GeneratorOptions& options, const GenerateResult& result);

}  // namespace ecomflow
