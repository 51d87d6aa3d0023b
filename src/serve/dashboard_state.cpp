#include "serve/dashboard_state.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <spdlog/spdlog.h>

#include "core/error.hpp"
#include "core/redact.hpp"
#include "serve/dashboard_json.hpp"
#include "serve/dashboard_queries.hpp"
#include "store/database.hpp"

namespace ecomflow {
namespace {

std::string document_key(std::string_view range, std::string_view panel) {
  std::string key(range);
  key += '/';
  key += panel;
  return key;
}

std::string time_or_null(const std::optional<TimestampUs>& time) {
  return time ? json_string(dashboard_time_text(*time)) : "null";
}

}  // namespace

const std::string* DashboardSnapshot::document(std::string_view range, std::string_view panel,
                                               bool gzip) const {
  const auto& table = gzip ? gzip_documents : documents;
  const auto found = table.find(document_key(range, panel));
  return found == table.end() ? nullptr : &found->second;
}

std::string gzip_text(std::string_view text) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(6);
  ECOMFLOW_CHECK(compressor != nullptr);
  std::string out(libdeflate_gzip_compress_bound(compressor, text.size()), '\0');
  const size_t size = libdeflate_gzip_compress(compressor, text.data(), text.size(), out.data(), out.size());
  libdeflate_free_compressor(compressor);
  ECOMFLOW_CHECK(size > 0);
  out.resize(size);
  return out;
}

std::shared_ptr<const DashboardSnapshot> build_dashboard_snapshot(Database& database, uint64_t version,
                                                                  std::string fingerprint) {
  const auto start = std::chrono::steady_clock::now();
  auto snapshot = std::make_shared<DashboardSnapshot>();
  snapshot->version = version;
  snapshot->fingerprint = std::move(fingerprint);
  snapshot->built_at = now_utc();
  const std::string generated_at =
      json_string(format_timestamp(snapshot->built_at - snapshot->built_at % kMicrosPerSecond));
  for (const DashboardRange& range : dashboard_ranges()) {
    const DashboardWindow window = dashboard_window(database, range);
    const std::string head =
        fmt::format("{{\"version\":{},\"range\":\"{}\",\"from\":{},\"to\":{},\"generated_at\":{},", version,
                    range.name, time_or_null(window.from), time_or_null(window.latest_event), generated_at);
    for (const DashboardPanel& panel : dashboard_panels())
      snapshot->documents.emplace(
          document_key(range.name, panel.name),
          fmt::format("{}\"panel\":\"{}\",\"data\":{}}}", head, panel.name, panel.compute(database, window)));
  }
  for (const auto& [key, text] : snapshot->documents) snapshot->gzip_documents.emplace(key, gzip_text(text));
  snapshot->pipeline_metrics = dashboard_pipeline_metrics(database);
  snapshot->build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return snapshot;
}

WithDatabase with_database_url(std::string url) {
  auto database = std::make_shared<std::unique_ptr<Database>>();
  return [url = std::move(url), database](const std::function<void(Database&)>& body) {
    try {
      if (!*database) *database = Database::open(url);
      body(**database);
    } catch (...) {
      database->reset();
      throw;
    }
  };
}

DashboardState::DashboardState(WithDatabase with_database, std::chrono::milliseconds poll_interval)
    : with_database_(std::move(with_database)), poll_interval_(poll_interval) {}

DashboardState::~DashboardState() { stop(); }

void DashboardState::start() {
  poll_once();
  thread_ = std::jthread([this](std::stop_token stop) { poll_loop(stop); });
}

void DashboardState::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

std::shared_ptr<const DashboardSnapshot> DashboardState::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

uint64_t DashboardState::wait_for_change(uint64_t known, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  const auto version = [this] { return snapshot_ ? snapshot_->version : 0; };
  changed_.wait_for(lock, timeout, [&] { return stopping_.load() || version() != known; });
  return version();
}

DashboardPollerStats DashboardState::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void DashboardState::poll_once() {
  std::string error;
  try {
    with_database_([this](Database& database) { refresh(database); });
  } catch (const std::exception& failure) {
    error = redact_secrets(failure.what());
  }
  std::lock_guard lock(mutex_);
  ++stats_.polls;
  if (!error.empty()) {
    // Said once when the database goes away, not every second.
    if (stats_.database_reachable || !stats_.last_error)
      spdlog::warn("dashboard: cannot read the warehouse: {}", error);
    ++stats_.poll_failures;
  }
  stats_.database_reachable = error.empty();
  stats_.last_error = error.empty() ? std::nullopt : std::optional<std::string>(error);
}

void DashboardState::refresh(Database& database) {
  const std::string fingerprint = dashboard_fingerprint(database);
  const auto current = snapshot();
  if (current && current->fingerprint == fingerprint) return;
  auto next = build_dashboard_snapshot(database, current ? current->version + 1 : 1, fingerprint);
  spdlog::debug("dashboard: version {} computed in {:.3f} s", next->version, next->build_seconds);
  {
    std::lock_guard lock(mutex_);
    snapshot_ = std::move(next);
    ++stats_.rebuilds;
  }
  changed_.notify_all();
}

void DashboardState::poll_loop(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(sleep_mutex);
      sleeper.wait_for(lock, stop, poll_interval_, [] { return false; });
    }
    if (stop.stop_requested()) break;
    poll_once();
  }
}

}  // namespace ecomflow
