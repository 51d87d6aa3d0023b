#include "stream/stream_run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "store/catalog_store.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "stream/stream_metrics.hpp"
#include "stream/stream_partition.hpp"
#include "stream/stream_store.hpp"

namespace ecomflow {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> stop_requested{false};
std::atomic<int> stop_signal{0};

void request_stop(int signal) {
  stop_signal.store(signal);
  stop_requested.store(true);
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

/// One assigned partition and how it is moving.
struct Assigned {
  std::unique_ptr<StreamPartition> state;
  Clock::time_point last_message;
  bool at_end = false;  ///< the partition's end was reached after its last message
  Clock::time_point assigned_at = Clock::now();
};

/// The consumer loop and everything it owns.
class StreamRun {
 public:
  explicit StreamRun(const StreamOptions& options)
      : options_(options), stream_{options.topic, options.group} {}

  int run();

 private:
  /// The loop from subscription to the final commit.
  int consume();
  static void on_rebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque);
  void assign(rd_kafka_topic_partition_list_t* partitions);
  void revoke();
  void handle(const rd_kafka_message_t& message);
  void apply_idleness(Clock::time_point now);
  bool drained(Clock::time_point now) const;
  /// Stores what was read; `final` also brings the aggregates up to date.
  void commit(bool final = false);
  void write_with_retry(std::vector<PartitionCommit>& partitions, bool final);
  void print_summary() const;
  void publish_metrics(Clock::time_point now);

  const StreamOptions& options_;
  StreamIdentity stream_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<MessageChecker> checker_;
  KafkaHandle consumer_;
  int64_t run_id_ = 0;
  StreamWarehouse warehouse_;
  std::map<int32_t, Assigned> assigned_;
  PartitionCounts run_counts_;  ///< this run's messages, every partition
  Clock::time_point last_activity_ = Clock::now();
  bool ever_assigned_ = false;
  StreamMetrics metrics_;
  std::unique_ptr<MetricsServer> metrics_server_;
  int64_t consumed_at_last_publish_ = 0;
  Clock::time_point last_publish_ = Clock::now();
};

void StreamRun::on_rebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                             rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<StreamRun*>(opaque);
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->assign(partitions);
  } else {
    self->revoke();
    rd_kafka_assign(handle, nullptr);
  }
}

void StreamRun::assign(rd_kafka_topic_partition_list_t* partitions) {
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& partition = partitions->elems[i];
    StoredPartition stored = read_stored_partition(*database_, stream_, partition.partition);
    spdlog::info("assigned {} partition {}: results stored up to offset {}{}", stream_.topic,
                 partition.partition, stored.next_offset,
                 stored.next_offset > 0
                     ? "; replaying from the start to rebuild windows and the duplicate index"
                     : "");
    // Results resume at the database's offset; the messages before it are
    // read again only to rebuild the state they left (never written twice).
    partition.offset = RD_KAFKA_OFFSET_BEGINNING;
    auto state = std::make_unique<StreamPartition>(
        partition.partition, partition_source_name(stream_.topic, partition.partition), *catalog_,
        options_.lateness, std::move(stored), options_.dedupe, options_.session_gap_us);
    assigned_[partition.partition] = Assigned{std::move(state), Clock::now(), false, Clock::now()};
  }
  ever_assigned_ = ever_assigned_ || partitions->cnt > 0;
  last_activity_ = Clock::now();
  rd_kafka_assign(consumer_.get(), partitions);
}

void StreamRun::revoke() {
  // What was read from the revoked partitions is stored before another
  // member takes them over.
  commit();
  if (!assigned_.empty()) spdlog::info("revoked {} partition(s) of {}", assigned_.size(), stream_.topic);
  assigned_.clear();
}

void StreamRun::handle(const rd_kafka_message_t& message) {
  const auto now = Clock::now();
  switch (message.err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR: {
      const auto found = assigned_.find(message.partition);
      if (found == assigned_.end()) return;  // a message of a partition revoked meanwhile
      Assigned& assigned = found->second;
      assigned.last_message = now;
      assigned.at_end = false;
      last_activity_ = now;
      if (options_.consume_only) {
        ++run_counts_.consumed;
        return;
      }
      const bool counted = !assigned.state->rebuilding();
      const PartitionCounts before = assigned.state->counts();
      assigned.state->consume(message.offset,
                              std::string_view(static_cast<const char*>(message.payload), message.len),
                              *checker_);
      if (!counted && !assigned.state->rebuilding()) {
        spdlog::info("partition {} rebuilt in {:.2f} s from {} messages: {} open windows, {} open sessions",
                     message.partition, seconds_between(assigned.assigned_at, Clock::now()),
                     assigned.state->next_offset(), assigned.state->open_windows(),
                     assigned.state->open_sessions());
      }
      if (counted) {
        const PartitionCounts& after = assigned.state->counts();
        run_counts_ += PartitionCounts{after.consumed - before.consumed, after.valid - before.valid,
                                       after.quarantined - before.quarantined,
                                       after.duplicates - before.duplicates, after.late - before.late};
      }
      return;
    }
    case RD_KAFKA_RESP_ERR__PARTITION_EOF: {
      const auto found = assigned_.find(message.partition);
      if (found != assigned_.end()) found->second.at_end = true;
      return;
    }
    default:
      // Transport errors are retried by librdkafka itself; say what happens.
      spdlog::warn("Kafka: {}", rd_kafka_message_errstr(&message));
  }
}

void StreamRun::apply_idleness(Clock::time_point now) {
  std::optional<TimestampUs> active_minimum;
  bool any_active = false;
  for (const auto& [partition, assigned] : assigned_) {
    if (seconds_between(assigned.last_message, now) >= options_.idle_timeout_seconds) continue;
    any_active = true;
    const auto watermark = assigned.state->watermark();
    if (watermark && (!active_minimum || *watermark < *active_minimum)) active_minimum = watermark;
  }
  // Idle partitions follow the others; when every partition is idle, time
  // itself moves the watermark, so windows close without new data.
  const std::optional<TimestampUs> target =
      any_active ? active_minimum : std::optional<TimestampUs>(now_utc() - options_.lateness);
  if (!target) return;
  for (auto& [partition, assigned] : assigned_) {
    if (assigned.state->rebuilding()) continue;
    if (seconds_between(assigned.last_message, now) < options_.idle_timeout_seconds) continue;
    assigned.state->advance_watermark(*target);
  }
}

bool StreamRun::drained(Clock::time_point now) const {
  if (!options_.until_idle_seconds || !ever_assigned_ || assigned_.empty()) return false;
  for (const auto& [partition, assigned] : assigned_)
    if (!assigned.at_end || assigned.state->rebuilding()) return false;
  return seconds_between(last_activity_, now) >= *options_.until_idle_seconds;
}

void StreamRun::commit(bool final) {
  std::vector<PartitionCommit> partitions;
  for (auto& [partition, assigned] : assigned_) {
    StreamPartition& state = *assigned.state;
    if (state.rebuilding() || !state.has_changes()) continue;
    PartitionCommit& commit = partitions.emplace_back();
    commit.partition = partition;
    commit.expected_offset = state.committed_offset();
    commit.next_offset = state.next_offset();
    commit.watermark = state.watermark();
    commit.max_event_time = state.max_event_time();
    commit.counts = state.counts();
    state.collect_changes(commit.changes);
  }
  if (partitions.empty()) {
    if (final && warehouse_.aggregates_stale) write_with_retry(partitions, true);
    return;
  }
  const auto started = Clock::now();
  write_with_retry(partitions, final);
  metrics_.observe_commit(seconds_between(started, Clock::now()));
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(int(partitions.size()));
  for (const PartitionCommit& commit : partitions) {
    assigned_.at(commit.partition).state->mark_committed();
    rd_kafka_topic_partition_list_add(offsets, stream_.topic.c_str(), commit.partition)->offset =
        commit.next_offset;
  }
  // Kafka's copy of the offsets is for lag monitoring only; the database's is the truth.
  rd_kafka_commit(consumer_.get(), offsets, 1);
  rd_kafka_topic_partition_list_destroy(offsets);
}

/// Stopping by a signal while the database cannot take a commit: nothing of
/// it is stored, and the exit code says which signal it was.
[[noreturn]] void throw_stopped_while_retrying(const DatabaseError& error) {
  const int signal = stop_signal.load();
  throw UserError(fmt::format("stopped by {} while the database could not take a commit ({}); nothing of "
                              "that commit is stored, and a restarted stream reads it again from the "
                              "stored offsets",
                              signal == SIGINT ? "SIGINT" : "SIGTERM", error.what()),
                  ExitCode(int(ExitCode::kStopped) + (signal > 0 ? signal : SIGTERM)));
}

void StreamRun::write_with_retry(std::vector<PartitionCommit>& partitions, bool final) {
  for (int attempt = 1;; ++attempt) {
    try {
      if (!database_) database_ = Database::open(options_.database_url);
      write_stream_commit(*database_, stream_, *catalog_, run_id_, partitions, warehouse_, final);
      return;
    } catch (const OffsetConflict& conflict) {
      throw UserError(
          fmt::format("{}; stopping without writing (restart to resume from the database)", conflict.what()));
    } catch (const DatabaseError& error) {
      // The transaction rolled back: nothing of this commit is stored.
      if (!error.transient()) {
        throw UserError(
            fmt::format("the database refused the commit, and trying again cannot change that: {}; "
                        "stopping with nothing of it stored (fix the database, then restart the "
                        "stream to resume from its stored offsets)",
                        error.what()),
            ExitCode::kDatabaseRefused);
      }
      // A lost connection, a server restarting, a lock: the same rows are
      // written again once the database is back.
      const auto delay = std::chrono::milliseconds(std::min(250 << std::min(attempt, 5), 5000));
      // A signal ends the wait: what this commit holds stays in Kafka and
      // the next start reads it again from the stored offsets.
      if (stop_requested.load()) throw_stopped_while_retrying(error);
      spdlog::warn("commit failed ({}); retrying in {} ms (attempt {})", error.what(), delay.count(),
                   attempt);
      database_.reset();
      for (auto waited = std::chrono::milliseconds(0); waited < delay && !stop_requested.load();
           waited += std::chrono::milliseconds(50))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (stop_requested.load()) throw_stopped_while_retrying(error);
    }
  }
}

void StreamRun::publish_metrics(Clock::time_point now) {
  std::vector<PartitionMetrics> partitions;
  int64_t open_windows = 0, open_sessions = 0, state_bytes = 0;
  for (const auto& [partition, assigned] : assigned_) {
    const StreamPartition& state = *assigned.state;
    int64_t low = 0, high = -1;
    const bool known = rd_kafka_get_watermark_offsets(consumer_.get(), stream_.topic.c_str(), partition, &low,
                                                      &high) == RD_KAFKA_RESP_ERR_NO_ERROR &&
                       high >= 0;
    partitions.push_back({partition, state.counts(),
                          known ? std::max<int64_t>(0, high - state.next_offset()) : -1, state.watermark()});
    open_windows += int64_t(state.open_windows());
    open_sessions += int64_t(state.open_sessions());
    state_bytes += int64_t(state.state_bytes());
  }
  const double elapsed = seconds_between(last_publish_, now);
  const double rate = elapsed > 0 ? double(run_counts_.consumed - consumed_at_last_publish_) / elapsed : 0;
  consumed_at_last_publish_ = run_counts_.consumed;
  last_publish_ = now;
  metrics_.update(std::move(partitions), open_windows, open_sessions, state_bytes, rate);
}

void StreamRun::print_summary() const {
  fmt::print("{:>9} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}  {}\n", "partition", "next_offset", "consumed",
             "valid", "quarantined", "duplicates", "late", "watermark");
  for (const auto& [partition, assigned] : assigned_) {
    const PartitionCounts& c = assigned.state->counts();
    const auto watermark = assigned.state->watermark();
    fmt::print("{:>9} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}  {}\n", partition,
               assigned.state->next_offset(), c.consumed, c.valid, c.quarantined, c.duplicates, c.late,
               watermark ? format_timestamp(*watermark) : "-");
  }
  const PartitionCounts& r = run_counts_;
  fmt::print("this run: {} consumed = {} valid + {} quarantined + {} duplicates + {} late\n", r.consumed,
             r.valid, r.quarantined, r.duplicates, r.late);
}

int StreamRun::run() {
  database_ = Database::open(options_.database_url);
  migrate(*database_);
  catalog_ = std::make_unique<Catalog>(read_catalog(*database_));
  if (catalog_->customers().empty() || catalog_->products().empty()) {
    throw UserError(fmt::format(
        "the catalog in {} is empty: load it with `ecomflow catalog import` or `ecomflow generate` first",
        database_->display_name()));
  }
  checker_ = std::make_unique<MessageChecker>(*catalog_, options_.limits);
  if (!options_.metrics_listen.empty()) {
    metrics_server_ = std::make_unique<MetricsServer>(options_.metrics_listen, metrics_);
    spdlog::info("metrics: http://{}/metrics", options_.metrics_listen);
  }

  KafkaConfig config{
      {"bootstrap.servers", options_.brokers},
      {"group.id", options_.group},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "true"},
      {"session.timeout.ms", "10000"},
      {"heartbeat.interval.ms", "1000"},
      {"log_level", "3"},
  };
  for (const auto& [key, value] : options_.extra) config[key] = value;
  consumer_ = make_kafka_handle(
      RD_KAFKA_CONSUMER, config,
      [](rd_kafka_conf_t* conf, void*) { rd_kafka_conf_set_rebalance_cb(conf, &StreamRun::on_rebalance); },
      this);
  const int partitions =
      topic_partition_count(consumer_.get(), options_.topic, options_.brokers, options_.connect_timeout_ms);
  spdlog::info("stream: topic {} ({} partitions), group {}, into {}", options_.topic, partitions,
               options_.group, database_->display_name());
  run_id_ = begin_run(*database_);
  rd_kafka_poll_set_consumer(consumer_.get());
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, options_.topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer_.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw UserError(fmt::format("cannot subscribe to {}: {}", options_.topic, rd_kafka_err2str(subscribed)));

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  try {
    return consume();
  } catch (const UserError& error) {
    // A refused commit rolled back; the run says why, and the group gets the
    // partitions back now rather than after the session timeout.
    try {
      RunTotals totals;
      totals.status = "failed";
      totals.records_read = run_counts_.consumed;
      totals.valid = run_counts_.valid;
      totals.quarantined = run_counts_.quarantined;
      totals.duplicates = run_counts_.duplicates;
      totals.message = error.what();
      if (database_) finish_run(*database_, run_id_, totals);
    } catch (const std::exception& also) {
      spdlog::warn("the run could not be recorded as failed: {}", also.what());
    }
    assigned_.clear();  // nothing more to store on the revocation
    rd_kafka_consumer_close(consumer_.get());
    throw;
  }
}

int StreamRun::consume() {
  auto last_commit = Clock::now();
  bool finished = false;
  while (!stop_requested.load()) {
    if (rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_.get(), 100)) {
      handle(*message);
      rd_kafka_message_destroy(message);
    }
    const auto now = Clock::now();
    if (seconds_between(last_commit, now) < options_.commit_interval_seconds) continue;
    apply_idleness(now);
    if (drained(now)) {
      for (auto& [partition, assigned] : assigned_) assigned.state->close_all_windows();
      finished = true;
      break;
    }
    commit();
    publish_metrics(now);
    last_commit = now;
  }
  // Stop taking messages, then store what was taken.
  commit(true);
  print_summary();
  RunTotals totals;
  totals.status = finished ? "ok" : "stopped";
  totals.records_read = run_counts_.consumed;
  totals.valid = run_counts_.valid;
  totals.quarantined = run_counts_.quarantined;
  totals.duplicates = run_counts_.duplicates;
  totals.message =
      fmt::format("stream {} group {}: {} late", options_.topic, options_.group, run_counts_.late);
  if (database_) finish_run(*database_, run_id_, totals);
  rd_kafka_consumer_close(consumer_.get());
  return int(ExitCode::kOk);
}

}  // namespace

int run_stream(const StreamOptions& options) {
  StreamRun run(options);
  return run.run();
}

}  // namespace ecomflow
