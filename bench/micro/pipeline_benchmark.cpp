/// ecomflow's own hot path on one part file: decode (simdjson On-Demand into
/// RawRecords), then the contract check and catalog join, then the sales
/// aggregation update. Each step's throughput, one core.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "aggregate/sales_state.hpp"
#include "core/catalog.hpp"
#include "enrich/catalog_join.hpp"
#include "ingest/decoder.hpp"
#include "sample_part.hpp"
#include "validate/contract.hpp"

namespace ecomflow::bench {
namespace {

/// Seed 001's catalog shape: 100 customers in 4 segments, 50 products in 5 categories.
Catalog make_catalog() {
  const char* segments[] = {"VIP", "New", "Regular", "Lapsed"};
  const char* categories[] = {"Electronics", "Books", "Clothing", "Home & Garden", "Sports & Outdoors"};
  Catalog catalog;
  for (int i = 1; i <= 100; ++i) {
    catalog.add_customer(fmt::format("c{:03}", i), days_from_civil(2024, 1, 1), segments[i % 4]);
  }
  for (int i = 1; i <= 50; ++i) {
    catalog.add_product(fmt::format("p{:03}", i), fmt::format("Product Alpha {}", i), categories[i % 5],
                        Cents{1000 + 997 * i}, 10);
  }
  return catalog;
}

/// The part text with simdjson's padding after it, as the readers hand it over.
struct PaddedPart {
  std::string buffer;
  InputFile file;
  explicit PaddedPart(int events) : buffer(make_sample_part(events)) {
    size_t size = buffer.size();
    buffer.append(kInputPadding, '\0');
    file = InputFile{SourceLocation{"bench.zip", "part-001.json", -1}, InputFormat::kJsonArray,
                     std::string_view(buffer.data(), size)};
  }
};

void BM_EcomflowDecode(benchmark::State& state) {
  PaddedPart part(static_cast<int>(state.range(0)));
  RecordDecoder decoder;
  std::vector<RawRecord> records;
  for (auto _ : state) {
    records.clear();
    auto result = decoder.decode(part.file, records);
    if (result.file_malformed) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(records.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * part.file.content.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

/// Decoded, checked and joined events of the sample part.
std::vector<Event> joined_events(const PaddedPart& part, const Catalog& catalog) {
  RecordDecoder decoder;
  std::vector<RawRecord> records;
  decoder.decode(part.file, records);
  CatalogJoin join(catalog);
  std::vector<Event> events;
  for (const auto& record : records) {
    CheckedRecord checked;
    Rejection rejection;
    Event event{};
    if (check_contract(record, ContractLimits{}, checked, rejection) &&
        join.resolve(checked, event, rejection)) {
      events.push_back(event);
    }
  }
  return events;
}

void BM_EcomflowDecodeCheckJoin(benchmark::State& state) {
  PaddedPart part(static_cast<int>(state.range(0)));
  Catalog catalog = make_catalog();
  CatalogJoin join(catalog);
  RecordDecoder decoder;
  std::vector<RawRecord> records;
  std::vector<Event> events;
  for (auto _ : state) {
    records.clear();
    events.clear();
    decoder.decode(part.file, records);
    for (const auto& record : records) {
      CheckedRecord checked;
      Rejection rejection;
      Event event{};
      if (check_contract(record, ContractLimits{}, checked, rejection) &&
          join.resolve(checked, event, rejection)) {
        events.push_back(event);
      }
    }
    if (events.size() != records.size()) state.SkipWithError("sample events were rejected");
    benchmark::DoNotOptimize(events.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * part.file.content.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_EcomflowSalesAdd(benchmark::State& state) {
  PaddedPart part(static_cast<int>(state.range(0)));
  Catalog catalog = make_catalog();
  std::vector<Event> events = joined_events(part, catalog);
  SalesState sales(catalog);
  for (auto _ : state) {
    sales.add(events);
    benchmark::DoNotOptimize(sales.revenue());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}

BENCHMARK(BM_EcomflowDecode)->Arg(1000);
BENCHMARK(BM_EcomflowDecodeCheckJoin)->Arg(1000);
BENCHMARK(BM_EcomflowSalesAdd)->Arg(1000);

}  // namespace
}  // namespace ecomflow::bench
