/// Parsing one part file with simdjson: a full DOM parse (the parse speed
/// limit) and an On-Demand pass that reads the contract fields of every
/// event, which is the work a decoder has to do at least.

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "sample_part.hpp"

namespace ecomflow::bench {
namespace {

void BM_SimdjsonDomParse(benchmark::State& state) {
  simdjson::padded_string text(make_sample_part(static_cast<int>(state.range(0))));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::array events;
    if (parser.parse(text).get_array().get(events)) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(events.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_SimdjsonOnDemandFields(benchmark::State& state) {
  simdjson::padded_string text(make_sample_part(static_cast<int>(state.range(0))));
  simdjson::ondemand::parser parser;
  for (auto _ : state) {
    int64_t units = 0;
    size_t characters = 0;
    auto document = parser.iterate(text);
    for (auto element : document.get_array()) {
      simdjson::ondemand::object event = element.get_object();
      for (auto field : event) {
        std::string_view key = field.unescaped_key();
        if (key == "quantity") {
          units += field.value().get_int64();
        } else {
          characters += std::string_view(field.value().get_string()).size();
        }
      }
    }
    benchmark::DoNotOptimize(units);
    benchmark::DoNotOptimize(characters);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_SimdjsonDomParse)->Arg(1000);
BENCHMARK(BM_SimdjsonOnDemandFields)->Arg(1000);

}  // namespace
}  // namespace ecomflow::bench
