// libFuzzer target: the archive walker on one file, as a zip and as a gzip
// file (the first byte chooses), with small limits so bombs stay cheap.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "ingest/archive_walker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ecomflow;
  static const std::string directory = [] {
    char name[] = "/tmp/ecomflow-fuzz-walker.XXXXXX";
    return std::string(mkdtemp(name));
  }();
  static ArchiveWalker walker(InflateLimits{.max_input_bytes = 64 << 20, .max_ratio = 100});
  if (size == 0) return 0;
  const std::string path = directory + ((data[0] & 1) ? "/input.ndjson.gz" : "/input.zip");
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
  uint64_t leaf_bytes = 0;
  walker.walk(
      path, [&](const InputFile& file) { leaf_bytes += file.content.size(); }, [](QuarantineRecord&&) {});
  if (leaf_bytes > (64u << 20)) __builtin_trap();  // the limit holds
  return 0;
}
