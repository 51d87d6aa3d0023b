#include "pipeline/process_stage.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/stop_signal.hpp"

namespace ecomflow {
namespace {

/// A `\r`-refreshed progress line on stderr while the workers run.
class ProgressLine {
 public:
  ProgressLine(const std::atomic<size_t>& done, size_t total, const std::atomic<int64_t>& records)
      : started_(std::chrono::steady_clock::now()), thread_([this, &done, total, &records] {
          while (!finished_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
            std::fprintf(stderr, "\r  %zu/%zu inputs, %lld records, %.1f s", done.load(), total,
                         static_cast<long long>(records.load()), seconds);
            std::fflush(stderr);
          }
          std::fputc('\n', stderr);
        }) {}
  ~ProgressLine() {
    finished_ = true;
    thread_.join();
  }

 private:
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> finished_{false};
  std::thread thread_;
};

}  // namespace

ProcessResult process_inputs(const std::vector<std::filesystem::path>& inputs,
                             const std::vector<bool>& skipped, const Catalog& catalog,
                             FileProcessor::Options options, const Deduplicator::Options& dedupe, int threads,
                             bool spool_events, QuarantineSink& sink, bool show_progress) {
  const int worker_count = std::max(1, std::min<int>(threads, int(std::max<size_t>(1, inputs.size()))));
  ProcessResult result;
  result.threads = worker_count;
  result.per_input.resize(inputs.size());
  Deduplicator deduplicator(dedupe);
  // Each worker logs sessions within its share of the budget; the merged log is within the whole.
  const AggregateOptions total_options = options.aggregates;
  if (options.aggregates.session_memory != 0)
    options.aggregates.session_memory =
        std::max<size_t>(1, options.aggregates.session_memory / size_t(worker_count));
  std::vector<std::unique_ptr<FileProcessor>> processors;
  for (int i = 0; i < worker_count; ++i) {
    if (spool_events) {
      result.spools.push_back(std::make_unique<EventSpool>());
      options.spool = result.spools.back().get();
    }
    processors.push_back(std::make_unique<FileProcessor>(catalog, options, deduplicator, sink));
  }

  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<int64_t> records{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&](FileProcessor& processor) {
    try {
      for (size_t index = next++; index < inputs.size(); index = next++) {
        // A stop request: take no new file; the caller rolls back.
        if (stop_requested()) break;
        if (!skipped[index]) {
          result.per_input[index] = processor.process(inputs[index], uint32_t(index));
          records += result.per_input[index].records_read;
        }
        ++done;
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = inputs.size();
    }
  };
  {
    std::unique_ptr<ProgressLine> progress;
    if (show_progress) progress = std::make_unique<ProgressLine>(done, inputs.size(), records);
    std::vector<std::thread> workers;
    for (int i = 1; i < worker_count; ++i) workers.emplace_back(work, std::ref(*processors[i]));
    work(*processors[0]);
    for (auto& worker : workers) worker.join();
  }
  if (failure) std::rethrow_exception(failure);
  const Deduplicator::Stats dedupe_stats = deduplicator.stats();
  spdlog::debug(
      "dedupe: {} distinct events over {} days; at most {:.1f} MB of day tables in memory (budget {}); {} "
      "day(s) spilled to disk ({:.1f} MB written), {} reloaded",
      dedupe_stats.distinct_events, dedupe_stats.days, double(dedupe_stats.peak_table_bytes) / (1 << 20),
      dedupe.memory_budget == 0 ? std::string("none") : fmt::format("{} MB", dedupe.memory_budget >> 20),
      dedupe_stats.days_spilled, double(dedupe_stats.spill_bytes) / (1 << 20), dedupe_stats.days_reloaded);

  result.totals = std::make_unique<Aggregates>(catalog, total_options);
  for (auto& processor : processors) result.totals->merge(std::move(processor->aggregates()));
  if (total_options.analytics) {
    const SessionState& sessions = result.totals->sessions;
    spdlog::debug("sessions: {} events logged; {} of them ({:.1f} MB) spilled to disk (budget {})",
                  sessions.events(), sessions.spilled_events(), double(sessions.spilled_bytes()) / (1 << 20),
                  total_options.session_memory == 0
                      ? std::string("none")
                      : fmt::format("{} MB", total_options.session_memory >> 20));
  }
  result.counts.inputs_seen = int64_t(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (skipped[i]) ++result.counts.inputs_skipped;
    result.counts.merge(result.per_input[i]);
  }
  return result;
}

}  // namespace ecomflow
