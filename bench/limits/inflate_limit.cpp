/// The inflate speed limit: walks the nested event archives and only
/// inflates them (outer zip → daily zip → part file) on one core, with zlib
/// or libdeflate. With --extract it also writes every part file out, for
/// the engines that cannot read nested archives.
///
///   bench_inflate_limit zlib|libdeflate EVENTS_DIR [--extract OUT_DIR]
///
/// Prints one JSON object: archives, parts, compressed and inflated bytes.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "zip_directory.hpp"

namespace bench = ecomflow::bench;

namespace {

std::string stem(const std::string& name) { return std::filesystem::path(name).stem().string(); }

void write_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 3 && !(argc == 5 && std::string(argv[3]) == "--extract")) {
    std::cerr << "usage: bench_inflate_limit zlib|libdeflate EVENTS_DIR [--extract OUT_DIR]\n";
    return 2;
  }
  bench::EntryInflater inflater(bench::parse_codec(argv[1]));
  std::string extract_to = argc == 5 ? argv[4] : "";
  uint64_t archives = 0, parts = 0, compressed_bytes = 0, inflated_bytes = 0;
  std::vector<uint8_t> daily, part;
  for (const auto& path : bench::list_archives(argv[2])) {
    auto outer = bench::read_whole_file(path);
    ++archives;
    compressed_bytes += outer.size();
    for (const auto& day : bench::read_zip_directory(outer)) {
      inflater.inflate(day, daily);
      for (const auto& entry : bench::read_zip_directory(daily)) {
        inflater.inflate(entry, part);
        ++parts;
        inflated_bytes += part.size();
        if (!extract_to.empty()) {
          auto folder = std::filesystem::path(extract_to) / stem(path) / stem(day.name);
          std::filesystem::create_directories(folder);
          write_file(folder / entry.name, part);
        }
      }
    }
  }
  std::printf("{\"archives\": %llu, \"parts\": %llu, \"compressed_bytes\": %llu, \"inflated_bytes\": %llu}\n",
              static_cast<unsigned long long>(archives), static_cast<unsigned long long>(parts),
              static_cast<unsigned long long>(compressed_bytes),
              static_cast<unsigned long long>(inflated_bytes));
  return 0;
} catch (const std::exception& error) {
  std::cerr << "bench_inflate_limit: " << error.what() << "\n";
  return 1;
}
