/// `ecomflow stream`: a Kafka topic into the warehouse, with event-time
/// windows and exactly-once results.

#include <fmt/format.h>

#include <cmath>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "stream/stream_run.hpp"

namespace ecomflow {
namespace {

/// Flags of `stream` that are not settings.
struct StreamFlags {
  std::string group = "ecomflow";
  double lateness_minutes = 10;
  double idle_timeout = 30;
  double commit_interval = 1;
  double until_idle = -1;
  int connect_timeout = 10;
  int64_t max_quantity = 10'000;
  int64_t session_gap_minutes = 30;
  std::vector<std::string> kafka_properties;
  std::string metrics_listen;
  bool consume_only = false;
};

}  // namespace

void add_stream_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "stream",
      "Consume a Kafka topic as a member of --group: every message through the same validation, catalog\n"
      "join and dedupe as `run`, into the warehouse facts (so `report` and `query` work), 1-minute and\n"
      "1-hour event-time windows, sessions, and late_events for what arrives after the watermark. Rows and "
      "offsets\n"
      "are committed in one transaction; a restart resumes from the database. Stops on SIGINT/SIGTERM\n"
      "(commits first) or, with --until-idle, once the topic is drained. A commit that fails for a while\n"
      "(lost connection, server restarting, database locked) is retried; one the database refuses for good\n"
      "(missing table, schema mismatch, constraint, disk full) is rolled back and stops the stream, exit 8.");
  Settings& settings = context.settings;
  settings.add(*command, "brokers", "--brokers", "127.0.0.1:9092", "Kafka bootstrap servers, host:port,...");
  settings.add(*command, "topic", "--topic", "events", "Kafka topic");
  auto flags = std::make_shared<StreamFlags>();
  command->add_option("--group", flags->group, "Kafka consumer group; offsets in the database are per group")
      ->capture_default_str();
  command
      ->add_option("--lateness", flags->lateness_minutes,
                   "minutes the watermark trails the latest event time of a partition; older events are late")
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", flags->idle_timeout,
                   "seconds without messages after which a partition no longer holds the watermark back")
      ->capture_default_str();
  command->add_option("--commit-interval", flags->commit_interval, "seconds between database commits")
      ->capture_default_str();
  command
      ->add_option("--until-idle", flags->until_idle,
                   "stop once every partition is at its end and nothing arrived for this many seconds "
                   "(closes every window; for replays and backfills)")
      ->type_name("SECONDS");
  command
      ->add_option("--connect-timeout", flags->connect_timeout,
                   "seconds to wait for the brokers and the topic")
      ->capture_default_str();
  command->add_option("--max-quantity", flags->max_quantity, "largest valid quantity of one event")
      ->capture_default_str();
  command
      ->add_option("--session-gap-minutes", flags->session_gap_minutes,
                   "inactivity that ends a session of events without a session_id (as for `run`)")
      ->capture_default_str();
  command->add_option("--kafka", flags->kafka_properties, "extra librdkafka property KEY=VALUE (repeatable)");
  command
      ->add_option("--metrics-listen", flags->metrics_listen,
                   "serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9464)")
      ->type_name("HOST:PORT");
  command->add_flag("--consume-only", flags->consume_only,
                    "only read and count the messages (no checks, no database writes): a benchmark's floor");
  command->callback([&context, flags] {
    context.action = [&context, flags] {
      const Settings& settings = context.settings;
      StreamOptions options;
      options.brokers = settings.get("brokers");
      options.topic = settings.get("topic");
      options.group = flags->group;
      options.database_url = settings.get("db");
      if (!(flags->lateness_minutes >= 0)) throw UsageError("--lateness must be at least 0");
      if (!(flags->idle_timeout > 0)) throw UsageError("--idle-timeout must be positive");
      if (!(flags->commit_interval > 0)) throw UsageError("--commit-interval must be positive");
      if (flags->max_quantity < 1) throw UsageError("--max-quantity must be at least 1");
      if (flags->session_gap_minutes < 1 || flags->session_gap_minutes > 525'600)
        throw UsageError("--session-gap-minutes must be between 1 and 525600");
      options.session_gap_us = flags->session_gap_minutes * 60 * kMicrosPerSecond;
      options.lateness = TimestampUs(std::llround(flags->lateness_minutes * 60 * double(kMicrosPerSecond)));
      options.idle_timeout_seconds = flags->idle_timeout;
      options.commit_interval_seconds = flags->commit_interval;
      if (flags->until_idle >= 0) options.until_idle_seconds = flags->until_idle;
      options.connect_timeout_ms = flags->connect_timeout * 1000;
      options.limits.max_quantity = flags->max_quantity;
      options.extra = parse_kafka_properties(flags->kafka_properties);
      options.metrics_listen = flags->metrics_listen;
      options.consume_only = flags->consume_only;
      return run_stream(options);
    };
  });
}

}  // namespace ecomflow
