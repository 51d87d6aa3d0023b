#pragma once
/// Reading the warehouse's facts back as Events, so reports over everything
/// loaded so far (incremental runs, `ecomflow report`) use the same
/// aggregation code as a single pass over the input.

#include <functional>
#include <span>

#include "core/catalog.hpp"
#include "core/event.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// Streams every row of fact_events, in pages of days holding at most
/// `page_rows` rows, as batches of Events resolved against `catalog`
/// (fingerprints are not restored). Rows whose customer or product is no
/// longer in the catalog are counted and skipped. Returns the events streamed.
int64_t replay_fact_events(Database& database, const Catalog& catalog,
                           const std::function<void(std::span<const Event>)>& consume,
                           int64_t* skipped = nullptr, int64_t page_rows = 200'000);

}  // namespace ecomflow
