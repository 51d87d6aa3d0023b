#pragma once
/// The dashboard's figures, computed once per pipeline commit and shared by
/// every request. One thread polls a cheap fingerprint of the run tables
/// every second; when it changes, it recomputes every panel of every range
/// into a new immutable snapshot and wakes the pushed-update streams.
/// Requests only copy a shared_ptr, so any number of browsers costs the
/// database nothing beyond that one poll.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

#include "core/time.hpp"

namespace ecomflow {

class Database;

/// Every panel of every range over one state of the warehouse.
struct DashboardSnapshot {
  uint64_t version = 0;     ///< 1 for the first snapshot, +1 per rebuild
  std::string fingerprint;  ///< the run-table state it was computed from
  TimestampUs built_at = 0;
  double build_seconds = 0;
  /// The response body of `GET /api/dashboard/<panel>?range=<range>`, keyed `range/panel`.
  std::map<std::string, std::string, std::less<>> documents;
  /// The same documents gzipped once here, for clients that accept it.
  std::map<std::string, std::string, std::less<>> gzip_documents;
  /// Prometheus lines with the pipeline's own figures (last run, totals).
  std::string pipeline_metrics;

  /// The document of one panel and range (gzipped when `gzip`), or nullptr.
  const std::string* document(std::string_view range, std::string_view panel, bool gzip = false) const;
};

/// `text` gzipped (libdeflate, level 6).
std::string gzip_text(std::string_view text);

/// Computes a snapshot from the database (all panels × all ranges).
std::shared_ptr<const DashboardSnapshot> build_dashboard_snapshot(Database& database, uint64_t version,
                                                                  std::string fingerprint);

/// Counters of the poller, for /metrics.
struct DashboardPollerStats {
  uint64_t polls = 0;
  uint64_t poll_failures = 0;
  uint64_t rebuilds = 0;
  bool database_reachable = false;
  std::optional<std::string> last_error;
};

/// Runs `body` with a database connection (borrowed from a pool, or one of
/// its own); throws what opening or `body` throws.
using WithDatabase = std::function<void(const std::function<void(Database&)>& body)>;

/// A WithDatabase over one connection to `url`, opened on first use and
/// reopened after a failure. For one thread at a time.
WithDatabase with_database_url(std::string url);

/// Owns the current snapshot and the thread that keeps it fresh.
class DashboardState {
 public:
  /// The poller thread reads the warehouse through `with_database`.
  explicit DashboardState(WithDatabase with_database,
                          std::chrono::milliseconds poll_interval = std::chrono::seconds(1));
  ~DashboardState();
  DashboardState(const DashboardState&) = delete;
  DashboardState& operator=(const DashboardState&) = delete;

  /// Polls once now (so the first request finds figures), then starts the thread.
  void start();
  /// Stops the thread and wakes every waiter; waiters then return at once.
  void stop();

  /// The current snapshot, or nullptr before the first successful build.
  std::shared_ptr<const DashboardSnapshot> snapshot() const;

  /// Blocks until the snapshot's version differs from `known`, `timeout`
  /// passes or the state stops; returns the version then current (0: none).
  uint64_t wait_for_change(uint64_t known, std::chrono::milliseconds timeout) const;

  /// True once stop() was called.
  bool stopping() const { return stopping_.load(); }

  /// Whether the last poll reached the database, and the poller's counters.
  DashboardPollerStats stats() const;

  /// Polls the database once on the calling thread (tests; start() uses it).
  void poll_once();

 private:
  void poll_loop(std::stop_token stop);
  /// Rebuilds the snapshot when the fingerprint moved.
  void refresh(Database& database);

  const WithDatabase with_database_;  // called only by the polling thread (or poll_once before start)
  const std::chrono::milliseconds poll_interval_;

  mutable std::mutex mutex_;  // guards snapshot_ and stats_
  mutable std::condition_variable changed_;
  std::shared_ptr<const DashboardSnapshot> snapshot_;
  DashboardPollerStats stats_;

  std::atomic<bool> stopping_{false};
  std::jthread thread_;
};

}  // namespace ecomflow
