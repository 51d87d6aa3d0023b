#pragma once
/// An in-memory zip archive writer: deflated entries, fixed timestamps.

#include <string>
#include <string_view>

#include "core/time.hpp"

struct libdeflate_compressor;

namespace ecomflow {

/// Builds a zip archive in memory. Entries are deflated with libdeflate in one
/// call and written straight after their local header, which is much faster
/// than streaming through libzip. Entry times are the caller's day at 00:00,
/// never the clock, so the same entries always give the same bytes.
/// Limited to classic zip (no zip64): entries and archives below 4 GiB.
class ZipBuilder {
 public:
  /// `compression_level`: libdeflate's 0 (stored blocks) … 12; 1–6 are the fast ones.
  explicit ZipBuilder(int compression_level);
  ~ZipBuilder();
  ZipBuilder(const ZipBuilder&) = delete;
  ZipBuilder& operator=(const ZipBuilder&) = delete;

  /// Appends one deflated entry dated `modified` (00:00 that day).
  /// Throws UserError when the archive would outgrow classic zip.
  void add(std::string_view name, std::string_view data, DayNumber modified);
  /// Number of entries added since the last finish().
  int entry_count() const { return entry_count_; }
  /// Appends the central directory and returns the archive; the builder is
  /// empty again afterwards and can build the next archive.
  std::string finish();

 private:
  libdeflate_compressor* compressor_;
  std::string archive_;
  std::string central_directory_;
  int entry_count_ = 0;
};

}  // namespace ecomflow
