// libFuzzer target: the archive walker on one file, as a zip and as a gzip
// file (the first byte chooses), with small limits so bombs stay cheap.
// The bytes are walked in memory (ArchiveWalker::walk_bytes), the same code
// past reading the file: a temporary file per input cost more than the walk
// (ext4 flushes a truncated file's data on every rewrite).
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/archive_walker.hpp"

namespace {

/// Bytes one input may inflate to: small enough that an input which hits it
/// costs a few milliseconds, large enough for nested archives of seed parts.
constexpr uint64_t kFuzzInputBytes = uint64_t{8} << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ecomflow;
  static ArchiveWalker walker(InflateLimits{.max_input_bytes = kFuzzInputBytes, .max_ratio = 100});
  if (size == 0) return 0;
  const std::string name = (data[0] & 1) ? "input.ndjson.gz" : "input.zip";
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  uint64_t leaf_bytes = 0;
  walker.walk_bytes(
      name, bytes, [&](const InputFile& file) { leaf_bytes += file.content.size(); },
      [](QuarantineRecord&&) {});
  if (leaf_bytes > kFuzzInputBytes) __builtin_trap();  // the limit holds
  return 0;
}
