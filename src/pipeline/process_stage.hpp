#pragma once
/// The parallel pass: top-level inputs spread over worker threads, each
/// running decode → validate → enrich → dedupe → aggregate.

#include <filesystem>
#include <memory>
#include <vector>

#include "aggregate/aggregates.hpp"
#include "aggregate/run_counts.hpp"
#include "pipeline/event_spool.hpp"
#include "pipeline/file_processor.hpp"
#include "pipeline/quarantine_sink.hpp"

namespace ecomflow {

/// What the pass produced.
struct ProcessResult {
  std::vector<RunCounts> per_input;  ///< indexed like the inputs; zero for skipped ones
  RunCounts counts;                  ///< all inputs merged
  std::unique_ptr<Aggregates> totals;
  std::vector<std::unique_ptr<EventSpool>> spools;  ///< one per worker when spooling was asked for
  int threads = 1;  ///< workers used: --threads, capped at the number of inputs
};

/// Runs the pass over `inputs` (those with `skipped[i]` set are left out) on
/// `threads` workers, sharing one Deduplicator made with `dedupe`. With
/// `spool_events`, every valid event is also kept on disk for the warehouse
/// load. `show_progress` prints a progress line.
ProcessResult process_inputs(const std::vector<std::filesystem::path>& inputs,
                             const std::vector<bool>& skipped, const Catalog& catalog,
                             FileProcessor::Options options, const Deduplicator::Options& dedupe, int threads,
                             bool spool_events, QuarantineSink& sink, bool show_progress);

}  // namespace ecomflow
