/// Inflating one part file: zlib against libdeflate, both on one core with
/// the decompressor state reused as the real readers do.

#include <benchmark/benchmark.h>

#include "../limits/zip_directory.hpp"
#include "sample_part.hpp"

namespace ecomflow::bench {
namespace {

void inflate_part(benchmark::State& state, EntryInflater::Codec codec) {
  auto text = make_sample_part(static_cast<int>(state.range(0)));
  auto compressed = deflate_sample(text);
  ZipEntry entry{"part-001.json", 8, compressed, text.size()};
  EntryInflater inflater(codec);
  std::vector<uint8_t> out;
  for (auto _ : state) {
    inflater.inflate(entry, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["ratio"] = static_cast<double>(text.size()) / static_cast<double>(compressed.size());
}

void BM_InflateZlib(benchmark::State& state) { inflate_part(state, EntryInflater::Codec::kZlib); }
void BM_InflateLibdeflate(benchmark::State& state) { inflate_part(state, EntryInflater::Codec::kLibdeflate); }

BENCHMARK(BM_InflateZlib)->Arg(100)->Arg(1000)->Arg(10000);
BENCHMARK(BM_InflateLibdeflate)->Arg(100)->Arg(1000)->Arg(10000);

}  // namespace
}  // namespace ecomflow::bench
