#include "ingest/archive_walker.hpp"

#include <zip.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ingest/binary_excerpt.hpp"
#include "ingest/input_name.hpp"
#include "ingest/mapped_file.hpp"
#include "ingest/piece_cutter.hpp"

namespace ecomflow {

namespace {

bool is_directory_entry(std::string_view name) { return !name.empty() && name.back() == '/'; }

/// macOS Finder adds resource forks under `__MACOSX/`; they are not data.
bool is_finder_metadata(std::string_view name) { return name.substr(0, 9) == "__MACOSX/"; }

std::string join_entry(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}!{}", prefix, name);
}

/// Reads exactly `size` bytes from an open entry.
bool read_exactly(zip_file_t* entry, char* out, uint64_t size) {
  uint64_t total = 0;
  while (total < size) {
    const zip_int64_t count = zip_fread(entry, out + total, size - total);
    if (count <= 0) return false;
    total += uint64_t(count);
  }
  return true;
}

}  // namespace

void ArchiveWalker::walk(const std::filesystem::path& file, const FileCallback& on_file,
                         const ProblemCallback& on_problem) {
  Walk walk{file.string(), on_file, on_problem};
  ++counters_.files_visited;
  const InputName name = classify_input_name(file.filename().string());
  switch (name.kind) {
    case InputKind::kZip:
      return walk_disk_zip(walk);
    case InputKind::kLeaf:
      return walk_disk_leaf(walk, name.format);
    case InputKind::kGzipLeaf:
      return walk_disk_gzip(walk, name.format);
    case InputKind::kUnsupported:
      return report(walk, QuarantineReason::kUnsupportedEntry, "",
                    "not an events file (zip, json, ndjson, csv)", {});
  }
}

void ArchiveWalker::walk_bytes(const std::string& name, std::string_view bytes, const FileCallback& on_file,
                               const ProblemCallback& on_problem) {
  Walk walk{name, on_file, on_problem};
  ++counters_.files_visited;
  counters_.bytes_read += bytes.size();
  const InputName kind = classify_input_name(std::filesystem::path(name).filename().string());
  switch (kind.kind) {
    case InputKind::kZip:
      return walk_zip(walk, bytes, "", 0);
    case InputKind::kLeaf:
      // In pieces past piece_bytes, as walk_disk_leaf reads the same file from disk.
      if (kind.format != InputFormat::kJsonArray && bytes.size() > limits_.piece_bytes)
        return deliver_pieces(walk, "", kind.format, [&](char* out, size_t capacity, size_t& count) {
          count = std::min(capacity, bytes.size());
          if (count > 0) std::memcpy(out, bytes.data(), count);
          bytes.remove_prefix(count);
          return true;
        });
      // Copied: decoders read kInputPadding bytes past the content.
      if (char* out = leaf_.resize_discarding(bytes.size()); !bytes.empty())
        std::memcpy(out, bytes.data(), bytes.size());
      return deliver(walk, "", kind.format, leaf_.view());
    case InputKind::kGzipLeaf:
      return walk_gzip(walk, "", bytes, kind.format);
    case InputKind::kUnsupported:
      return report(walk, QuarantineReason::kUnsupportedEntry, "",
                    "not an events file (zip, json, ndjson, csv)", {});
  }
}

void ArchiveWalker::walk_disk_leaf(Walk& walk, InputFormat format) {
  std::error_code size_error;
  const uint64_t size = std::filesystem::file_size(walk.file, size_error);
  if (!size_error && format != InputFormat::kJsonArray && size > limits_.piece_bytes)
    return read_disk_pieces(walk, format);
  const std::string error = read_whole_file(walk.file, leaf_);
  if (!error.empty()) return report(walk, QuarantineReason::kCorruptArchive, "", "cannot read: " + error, {});
  counters_.bytes_read += leaf_.size();
  deliver(walk, "", format, leaf_.view());
}

void ArchiveWalker::read_disk_pieces(Walk& walk, InputFormat format) {
  std::FILE* file = std::fopen(walk.file.c_str(), "rb");
  if (!file)
    return report(walk, QuarantineReason::kCorruptArchive, "",
                  "cannot read: " + std::string(std::strerror(errno)), {});
  std::string failure;
  deliver_pieces(walk, "", format, [&](char* out, size_t capacity, size_t& count) {
    count = std::fread(out, 1, capacity, file);
    counters_.bytes_read += count;
    if (count == 0 && std::ferror(file)) failure = "cannot read: " + std::string(std::strerror(errno));
    return failure.empty();
  });
  std::fclose(file);
  // Pieces already decoded keep their records; the file is unreadable from here on.
  if (!failure.empty()) report(walk, QuarantineReason::kCorruptArchive, "", failure, {});
}

void ArchiveWalker::walk_disk_gzip(Walk& walk, InputFormat format) {
  const MappedFile mapped(walk.file);
  if (!mapped.error().empty())
    return report(walk, QuarantineReason::kCorruptArchive, "", "cannot read: " + mapped.error(), {});
  counters_.bytes_read += mapped.bytes().size();
  walk_gzip(walk, "", mapped.bytes(), format);
}

void ArchiveWalker::walk_gzip(Walk& walk, const std::string& entry_path, std::string_view bytes,
                              InputFormat format) {
  const uint64_t cap = gzip_cap(walk, bytes.size());
  // NDJSON and CSV are tried whole up to a piece; larger ones go in pieces.
  const bool in_pieces = format != InputFormat::kJsonArray && cap > limits_.piece_bytes;
  bool past_limit = false;
  const std::string error =
      inflater_.gunzip(bytes, leaf_, in_pieces ? limits_.piece_bytes : cap, &past_limit);
  if (error.empty()) {
    counters_.bytes_inflated += leaf_.size();
    walk.inflated += leaf_.size();
    return deliver(walk, entry_path, format, leaf_.view());
  }
  if (in_pieces && past_limit) return stream_gzip(walk, entry_path, bytes, format, cap);
  report(walk, QuarantineReason::kCorruptArchive, entry_path, "gzip: " + error, bytes);
}

void ArchiveWalker::stream_gzip(Walk& walk, const std::string& entry_path, std::string_view bytes,
                                InputFormat format, uint64_t cap) {
  GzipStream stream(bytes);
  uint64_t produced = 0;
  std::string failure;
  deliver_pieces(walk, entry_path, format, [&](char* out, size_t capacity, size_t& count) {
    count = stream.read(out, size_t(std::min<uint64_t>(capacity, cap - produced + 1)));
    produced += count;
    if (!stream.error().empty())
      failure = stream.error();
    else if (produced > cap)
      failure = fmt::format("decompresses to more than {} bytes, the limit", cap);
    return failure.empty();
  });
  counters_.bytes_inflated += produced;
  walk.inflated += std::min(produced, cap);
  // Pieces already decoded keep their records; the file is corrupt from here on.
  if (!failure.empty())
    report(walk, QuarantineReason::kCorruptArchive, entry_path, "gzip: " + failure, bytes);
}

void ArchiveWalker::walk_disk_zip(Walk& walk) {
  const MappedFile mapped(walk.file);
  if (!mapped.error().empty())
    return report(walk, QuarantineReason::kCorruptArchive, "", "cannot read: " + mapped.error(), {});
  counters_.bytes_read += mapped.bytes().size();
  walk_zip(walk, mapped.bytes(), "", 0);
}

void ArchiveWalker::walk_zip(Walk& walk, std::string_view bytes, const std::string& entry_prefix, int depth) {
  if (bytes.empty())
    return report(walk, QuarantineReason::kCorruptArchive, entry_prefix, "not a zip archive: empty file", {});
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (!archive) {
    if (source) zip_source_free(source);
    std::string detail = fmt::format("cannot open zip archive: {}", zip_error_strerror(&error));
    zip_error_fini(&error);
    return report(walk, QuarantineReason::kCorruptArchive, entry_prefix, std::move(detail), bytes);
  }
  zip_error_fini(&error);

  const zip_int64_t entry_count = zip_get_num_entries(archive, 0);
  for (zip_int64_t index = 0; index < entry_count && !walk.stopped; ++index) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, zip_uint64_t(index), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME)) {
      report(walk, QuarantineReason::kCorruptArchive, join_entry(entry_prefix, fmt::format("#{}", index)),
             fmt::format("unreadable directory entry: {}", zip_strerror(archive)), {});
      continue;
    }
    // The declared compressed size is what gets allocated and read: an entry
    // cannot hold more compressed bytes than the whole archive it is in.
    if ((stat.valid & ZIP_STAT_COMP_SIZE) && stat.comp_size > bytes.size()) {
      report(walk, QuarantineReason::kCorruptArchive, join_entry(entry_prefix, stat.name),
             fmt::format("entry declares {} compressed bytes in an archive of {} bytes", stat.comp_size,
                         bytes.size()),
             {});
      continue;
    }
    walk_entry(walk, archive, stat, join_entry(entry_prefix, stat.name), depth);
  }
  zip_discard(archive);  // also frees the source
}

void ArchiveWalker::walk_entry(Walk& walk, zip_t* archive, const zip_stat_t& stat,
                               const std::string& entry_path, int depth) {
  const std::string_view name = stat.name;
  if (is_directory_entry(name) || is_finder_metadata(name)) return;
  const InputName kind = classify_input_name(name);
  if (kind.kind == InputKind::kUnsupported)
    return report(walk, QuarantineReason::kUnsupportedEntry, entry_path,
                  "archive entry is not a zip, json, ndjson or csv file", {});
  if (kind.kind == InputKind::kZip && depth + 1 >= kMaxArchiveDepth)
    return report(walk, QuarantineReason::kCorruptArchive, entry_path,
                  fmt::format("archives nested deeper than {} levels", kMaxArchiveDepth), {});
  if (stat.size > kMaxInflatedBytes)
    return report(walk, QuarantineReason::kCorruptArchive, entry_path,
                  fmt::format("entry of {} bytes exceeds the 4 GiB limit", stat.size), {});
  // The declared sizes are checked before anything is allocated; inflating
  // insists on exactly the declared size, so a lying header fails there.
  if (exceeds_limits(walk, entry_path, stat.size, stat.comp_size)) return;
  if (kind.kind == InputKind::kLeaf && kind.format != InputFormat::kJsonArray &&
      stat.size > limits_.piece_bytes) {
    const std::string error = stream_entry(walk, archive, stat, entry_path, kind.format);
    if (!error.empty()) report(walk, QuarantineReason::kCorruptArchive, entry_path, error, {});
    return;
  }

  ByteBuffer& out = kind.kind == InputKind::kZip        ? archive_buffer(depth + 1)
                    : kind.kind == InputKind::kGzipLeaf ? gzip_staging_
                                                        : leaf_;
  const ReadFailure failure = read_entry(archive, stat, out);
  if (!failure.message.empty())
    return report(walk, QuarantineReason::kCorruptArchive, entry_path, failure.message, failure.evidence);

  switch (kind.kind) {
    case InputKind::kZip:
      return walk_zip(walk, out.view(), entry_path, depth + 1);
    case InputKind::kLeaf:
      return deliver(walk, entry_path, kind.format, out.view());
    case InputKind::kGzipLeaf:
      return walk_gzip(walk, entry_path, out.view(), kind.format);
    case InputKind::kUnsupported:
      return;
  }
}

ArchiveWalker::ReadFailure ArchiveWalker::read_entry(zip_t* archive, const zip_stat_t& stat,
                                                     ByteBuffer& out) {
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
    return {"encrypted entries are not supported", {}};
  const bool stored = stat.comp_method == ZIP_CM_STORE;
  const bool deflated = stat.comp_method == ZIP_CM_DEFLATE;
  // Stored and deflated entries (all that zip writers produce by default) are
  // read raw and inflated by libdeflate; other methods go through libzip,
  // which also checks their CRC.
  zip_file_t* entry = zip_fopen_index(archive, stat.index, stored || deflated ? ZIP_FL_COMPRESSED : 0);
  if (!entry) return {fmt::format("cannot open entry: {}", zip_strerror(archive)), {}};
  const uint64_t read_size = stored || deflated ? stat.comp_size : stat.size;
  ByteBuffer& target = deflated ? compressed_ : out;
  const bool complete = read_exactly(entry, target.resize_discarding(read_size), read_size);
  std::string entry_error =
      complete ? "" : fmt::format("truncated entry: {}", zip_error_strerror(zip_file_get_error(entry)));
  zip_fclose(entry);
  if (!complete) return {std::move(entry_error), {}};

  if (deflated) {
    std::string error = inflater_.inflate_exact(compressed_.view(), stat.size, stat.crc, out);
    if (!error.empty())
      return {"inflate: " + error, error == "CRC-32 mismatch" ? out.view() : compressed_.view()};
    counters_.bytes_inflated += out.size();
  } else if (stored) {
    if (stat.comp_size != stat.size) return {"stored entry size does not match its header", out.view()};
    if (crc32_of(out.view()) != stat.crc) return {"CRC-32 mismatch", out.view()};
  } else {
    counters_.bytes_inflated += out.size();
  }
  return {};
}

std::string ArchiveWalker::stream_entry(Walk& walk, zip_t* archive, const zip_stat_t& stat,
                                        const std::string& entry_path, InputFormat format) {
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
    return "encrypted entries are not supported";
  // libzip inflates (zlib) as it reads; the size and CRC-32 are checked here.
  zip_file_t* entry = zip_fopen_index(archive, stat.index, 0);
  if (!entry) return fmt::format("cannot open entry: {}", zip_strerror(archive));
  uint64_t produced = 0;
  uint32_t crc = 0;
  std::string failure;
  deliver_pieces(walk, entry_path, format, [&](char* out, size_t capacity, size_t& count) {
    const zip_int64_t read = zip_fread(entry, out, capacity);
    if (read < 0) {
      failure = fmt::format("inflate: {}", zip_error_strerror(zip_file_get_error(entry)));
      return false;
    }
    count = size_t(read);
    produced += count;
    crc = crc32_update(crc, std::string_view(out, count));
    if (produced > stat.size)
      failure = "inflate: stream longer than its declared size";
    else if (count == 0 && produced < stat.size)
      failure = "inflate: stream shorter than its declared size";
    else if (count == 0 && crc != stat.crc)
      failure = "inflate: CRC-32 mismatch";
    return failure.empty();
  });
  zip_fclose(entry);
  counters_.bytes_inflated += produced;
  return failure;
}

void ArchiveWalker::deliver_pieces(Walk& walk, const std::string& entry_path, InputFormat format,
                                   const std::function<bool(char*, size_t, size_t&)>& read) {
  ++counters_.leaf_files;
  const size_t piece_bytes = size_t(std::max<uint64_t>(limits_.piece_bytes, 1));
  const size_t chunk = std::clamp<size_t>(piece_bytes / 4, 16, size_t(1) << 20);
  PieceCutter cutter(format);
  size_t filled = 0;         // bytes of leaf_ in use
  size_t carried = 0;        // leading bytes every piece after the first repeats (CSV header)
  int64_t lines_before = 0;  // line breaks of the file before the bytes after `carried`
  int64_t carried_lines = 0;
  uint32_t piece = 0;
  for (;;) {
    char* data = leaf_.resize_keeping(filled + chunk);
    size_t count = 0;
    if (!read(data + filled, chunk, count)) return;
    leaf_.truncate(filled + count);
    cutter.scan(data, filled, filled + count);
    filled += count;
    const bool end = count == 0;
    const size_t cut = cutter.last_cut();
    if (!end && (filled - carried < piece_bytes || cut == PieceCutter::kNone || cut <= carried)) continue;
    const size_t length = end ? filled : cut;
    if (end && length == carried && piece > 0) return;  // nothing after the last cut
    InputFile file{SourceLocation{walk.file, entry_path, -1}, format, std::string_view(data, length)};
    file.piece = piece;
    file.line_offset = lines_before - carried_lines;
    file.carried_bytes = carried;
    walk.on_file(file);
    if (end) return;
    lines_before += std::count(data + carried, data + cut, '\n');
    if (piece++ == 0 && format == InputFormat::kCsv) {
      carried = cutter.header_end();
      carried_lines = std::count(data, data + carried, '\n');
    }
    std::memmove(data + carried, data + cut, filled - cut);
    cutter.moved(cut, carried);
    filled = carried + (filled - cut);
    leaf_.truncate(filled);
  }
}

void ArchiveWalker::deliver(Walk& walk, const std::string& entry_path, InputFormat format,
                            std::string_view content) {
  ++counters_.leaf_files;
  InputFile file{SourceLocation{walk.file, entry_path, -1}, format, content};
  walk.on_file(file);
}

void ArchiveWalker::report(Walk& walk, QuarantineReason reason, const std::string& entry_path,
                           std::string detail, std::string_view evidence) {
  walk.on_problem(QuarantineRecord{reason, std::move(detail), SourceLocation{walk.file, entry_path, -1},
                                   binary_excerpt(evidence)});
}

bool ArchiveWalker::exceeds_limits(Walk& walk, const std::string& entry_path, uint64_t size,
                                   uint64_t compressed_size) {
  if (walk.inflated + size > limits_.max_input_bytes) {
    walk.stopped = true;
    report(walk, QuarantineReason::kCorruptArchive, entry_path,
           fmt::format("inflating {} more bytes would pass the limit of {} bytes per input; the rest of "
                       "the input is not read",
                       size, limits_.max_input_bytes),
           {});
    return true;
  }
  if (size > limits_.ratio_cap(compressed_size)) {
    report(walk, QuarantineReason::kCorruptArchive, entry_path,
           fmt::format("{} compressed bytes inflate to {}, more than {} times their size", compressed_size,
                       size, limits_.max_ratio),
           {});
    return true;
  }
  walk.inflated += size;
  return false;
}

uint64_t ArchiveWalker::gzip_cap(const Walk& walk, uint64_t compressed_size) const {
  const uint64_t left = limits_.max_input_bytes - std::min(walk.inflated, limits_.max_input_bytes);
  return std::min(left, limits_.ratio_cap(compressed_size));
}

ByteBuffer& ArchiveWalker::archive_buffer(int depth) {
  while (archives_.size() <= size_t(depth)) archives_.emplace_back();
  return archives_[size_t(depth)];
}

}  // namespace ecomflow
