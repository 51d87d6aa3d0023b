#include "pipeline/load_stage.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/hash.hpp"
#include "core/stop_signal.hpp"
#include "pipeline/order_export_stage.hpp"
#include "pipeline/report_state.hpp"
#include "store/ledger_store.hpp"
#include "store/order_facts.hpp"

namespace ecomflow {
namespace {

constexpr size_t kSpoolBatch = 65'536;

/// Streams every spooled event, tagged with its ledger file_id, one batch at a time.
class SpoolReader {
 public:
  SpoolReader(std::vector<std::unique_ptr<EventSpool>>& spools, const std::vector<int64_t>& file_ids)
      : spools_(spools), file_ids_(file_ids) {}

  /// Starts again from the first event of the first spool.
  void rewind() {
    for (auto& spool : spools_) spool->rewind();
    spool_ = 0;
  }

  bool next(std::vector<FactEvent>& batch) {
    batch.clear();
    // A stop request aborts the load's transaction: nothing of it stays.
    throw_if_stopped("while loading; the load was rolled back");
    while (spool_ < spools_.size()) {
      if (spools_[spool_]->read(events_, indices_, kSpoolBatch)) {
        for (size_t i = 0; i < events_.size(); ++i) batch.push_back({events_[i], file_ids_[indices_[i]]});
        return true;
      }
      ++spool_;
    }
    return false;
  }

 private:
  std::vector<std::unique_ptr<EventSpool>>& spools_;
  const std::vector<int64_t>& file_ids_;
  size_t spool_ = 0;
  std::vector<Event> events_;
  std::vector<uint32_t> indices_;
};

}  // namespace

// A file that cannot be opened has no hash: the walk quarantines it, and
// the ledger does not record it, so it is read again once it can be.
std::string hash_file(const std::filesystem::path& path, int64_t& size) {
  std::ifstream in(path, std::ios::binary);
  size = 0;
  if (!in) return {};
  std::string buffer(1 << 20, '\0');
  uint64_t hash = 0;
  size = 0;
  while (in) {
    in.read(buffer.data(), std::streamsize(buffer.size()));
    const auto count = size_t(in.gcount());
    if (count == 0) break;
    hash = hash_bytes(std::string_view(buffer.data(), count), hash);
    size += int64_t(count);
  }
  return fmt::format("{:016x}", hash);
}

std::string run_message(const RunCounts& counts) {
  const int64_t new_inputs = counts.inputs_seen - counts.inputs_skipped;
  std::string message = new_inputs == 0
                            ? fmt::format("no new inputs ({} already processed)", counts.inputs_skipped)
                            : fmt::format("{} new input{}, {} already processed", new_inputs,
                                          new_inputs == 1 ? "" : "s", counts.inputs_skipped);
  if (counts.files_quarantined == 0) return message;
  std::string reasons;
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    if (counts.file_problems_by_reason[i] == 0) continue;
    fmt::format_to(std::back_inserter(reasons), "{}{} {}", reasons.empty() ? "" : ", ",
                   counts.file_problems_by_reason[i], quarantine_reason_name(QuarantineReason(i)));
  }
  return fmt::format("{} file{} unreadable ({}); {}", counts.files_quarantined,
                     counts.files_quarantined == 1 ? "" : "s", reasons, message);
}

LoadResult load_run(Database& database, const LoadRequest& request) {
  LoadResult result;
  with_transaction(database, [&] {
    if (request.full_refresh) clear_pipeline_state(database);
    std::vector<int64_t> file_ids(request.inputs.size(), 0);
    std::vector<int64_t> replaced;
    for (size_t i = 0; i < request.inputs.size(); ++i) {
      if (request.skipped[i]) continue;
      const LedgerInput& input = request.inputs[i];
      if (input.content_hash.empty()) continue;  // unreadable: not in the ledger, read again next run
      file_ids[i] = record_file(database, request.run_id, input.path.string(), input.size, input.content_hash,
                                input.counts.records_read);
      replaced.push_back(file_ids[i]);
      ++result.files_recorded;
    }
    if (request.backfill) {
      // Files keep their other days' facts: clear only the window, by date.
      replaced.clear();
      delete_facts_between(database, request.backfill->first, request.backfill->second);
      delete_sales_facts_between(database, request.backfill->first, request.backfill->second);
    }

    CheckpointBase checkpoint_base;
    if (request.run_totals) {
      checkpoint_base =
          checkpoint_before_load(database, request.catalog, *request.run_totals, request.full_refresh,
                                 request.backfill.has_value(), request.load_fact_events);
    }
    SpoolReader reader(request.spools, file_ids);
    const FactEventSource source{[&](std::vector<FactEvent>& batch) { return reader.next(batch); },
                                 [&] { reader.rewind(); }};
    WarehouseOptions warehouse_options;
    warehouse_options.load_fact_events = request.load_fact_events;
    int64_t events = 0;
    for (const auto& spool : request.spools) events += spool->size();
    warehouse_options.expected_events = events;
    result.warehouse = load_warehouse(database, request.catalog, request.run_id, request.full_refresh,
                                      replaced, source, warehouse_options);
    spdlog::info("warehouse: {} fact_events, {} fact_sales in {:.2f} s ({:.2f} s streaming fact_events)",
                 result.warehouse.fact_events, result.warehouse.fact_sales, result.warehouse.seconds,
                 result.warehouse.fact_events_seconds);
    // Exported orders join the shop's orders first, so one loader takes both into the warehouse.
    if (request.order_exports) load_order_exports(database, request.run_id, *request.order_exports);
    load_order_facts(database);  // the shop's orders, upserted by order_id in this transaction
    // A second pass over the spool stores the purchases as sales facts: the
    // spool is read twice rather than every purchase held in memory.
    reader.rewind();
    const auto& customers = request.catalog.customers();
    const auto& products = request.catalog.products();
    std::vector<FactEvent> batch;
    size_t at = 0;
    result.sales_facts = insert_sales_facts(database, [&](int64_t& file_id, SalesFactRow& row) {
      for (;; ++at) {
        if (at == batch.size()) {
          if (!reader.next(batch)) return false;
          at = 0;
        }
        const FactEvent& fact = batch[at];
        if (fact.event.type != EventType::kPurchase) continue;
        const Product& product = products[fact.event.product];
        file_id = fact.file_id;
        row = {fact.event.time, customers[fact.event.customer].id, product.id, fact.event.quantity,
               product.price};
        ++at;
        return true;
      }
    });
    if (request.run_totals) {
      reader.rewind();
      std::vector<FactEvent> facts;
      result.checkpoint = checkpoint_after_load(
          database, checkpoint_base, request.catalog, *request.run_totals, request.run_id,
          // A full refresh deletes every fact and starts the checkpoint from nothing.
          request.full_refresh ? 0 : result.warehouse.facts_deleted, result.warehouse.fact_events,
          result.sales_facts, [&](std::vector<Event>& events) {
            const bool more = reader.next(facts);
            events.clear();
            for (const FactEvent& fact : facts) events.push_back(fact.event);
            return more;
          });
      result.checkpoint_refused = checkpoint_base.refused;
    }
    QuarantineSink::KeptReader quarantined = request.quarantined.kept();
    insert_quarantine(database, request.run_id, std::nullopt,
                      [&](QuarantineRecord& record) { return quarantined.next(record); });

    RunTotals totals;
    totals.status = "loaded";
    totals.records_read = request.counts.records_read;
    totals.valid = request.counts.valid;
    totals.quarantined = request.counts.quarantined();
    totals.duplicates = request.counts.duplicates;
    totals.files_read = request.counts.files_read;
    totals.files_quarantined = request.counts.files_quarantined;
    totals.elapsed_seconds = request.elapsed_seconds;
    totals.message = run_message(request.counts);
    RunInputs inputs{request.counts.inputs_seen,
                     request.counts.inputs_skipped,
                     request.counts.bytes_read,
                     request.counts.bytes_decoded,
                     {},
                     {}};
    std::copy(std::begin(request.counts.quarantined_by_reason),
              std::end(request.counts.quarantined_by_reason), inputs.quarantined_by_reason.begin());
    std::copy(std::begin(request.counts.file_problems_by_reason),
              std::end(request.counts.file_problems_by_reason), inputs.file_problems_by_reason.begin());
    totals.inputs = inputs;
    record_run_progress(database, request.run_id, totals);
  });
  return result;
}

}  // namespace ecomflow
