/// `ecomflow produce`: events into a Kafka topic, replayed from an events
/// directory (every record one message, bytes unchanged) or generated live.

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "store/catalog_store.hpp"
#include "store/database.hpp"
#include "stream/archive_records.hpp"
#include "stream/event_producer.hpp"
#include "stream/live_traffic.hpp"

namespace ecomflow {
namespace {

using Clock = std::chrono::steady_clock;

/// Flags of one produce.
struct ProduceFlags {
  std::string events_dir;
  bool generate = false;
  std::string profile = "clickstream";
  double rate = 100;
  double duration = 10;
  uint64_t seed = 0;
  int connect_timeout = 10;
  bool no_progress = false;
  std::vector<std::string> kafka_properties;
};

/// A progress line on a terminal, at most five times a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void show(const EventProducer& producer, bool last = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!last && now - shown_ < std::chrono::milliseconds(200)) return;
    shown_ = now;
    std::fprintf(stderr, "\rproduced %lld, acknowledged %lld, failed %lld%s", (long long)producer.queued(),
                 (long long)producer.delivered(), (long long)producer.failed(), last ? "\n" : "");
  }

 private:
  bool enabled_;
  Clock::time_point shown_{};
};

int finish(EventProducer& producer, Progress& progress, const std::string& topic) {
  producer.flush();
  progress.show(producer, true);
  fmt::print("produced {} messages to {}: {} delivered, {} not delivered\n", producer.queued(), topic,
             producer.delivered(), producer.failed());
  if (producer.failed() > 0) {
    spdlog::error("{} message(s) were not delivered: {}", producer.failed(), producer.first_error());
    return int(ExitCode::kFatal);
  }
  return int(ExitCode::kOk);
}

int produce_replay(const ProduceFlags& flags, const ProducerOptions& options) {
  if (!std::filesystem::is_directory(flags.events_dir))
    throw UserError(fmt::format("--events '{}' is not a directory", flags.events_dir));
  EventProducer producer(options);
  Progress progress(!flags.no_progress && isatty(STDERR_FILENO));
  const ArchiveRecordCounts counts =
      read_archive_records(flags.events_dir, [&](std::string_view raw, std::string_view key) {
        producer.send(key, raw);
        producer.poll();
        progress.show(producer);
      });
  for (const std::string& file : counts.unreadable) spdlog::warn("not produced: {}", file);
  const int status = finish(producer, progress, options.topic);
  fmt::print("{} records from {} files; {} file(s) could not be read\n", counts.records, counts.files_read,
             counts.unreadable.size());
  if (status != 0) return status;
  return counts.unreadable.empty() ? int(ExitCode::kOk) : int(ExitCode::kPartial);
}

int produce_generated(const ProduceFlags& flags, const ProducerOptions& options,
                      const std::string& database_url) {
  if (flags.profile != "clickstream") throw UsageError("--profile: only clickstream can be generated live");
  if (flags.rate <= 0 || flags.duration <= 0) throw UsageError("--rate and --duration must be positive");
  auto database = Database::open(database_url);
  const Catalog catalog = read_catalog(*database);
  if (catalog.customers().empty() || catalog.products().empty())
    throw UserError(
        fmt::format("the catalog in {} is empty: run `ecomflow generate` or `ecomflow catalog import`",
                    database->display_name()));
  EventProducer producer(options);
  Progress progress(!flags.no_progress && isatty(STDERR_FILENO));
  LiveTraffic traffic(catalog, flags.seed != 0 ? flags.seed : uint64_t(now_utc()));
  const int64_t total = int64_t(flags.rate * flags.duration);
  const auto started = Clock::now();
  std::string json, key;
  for (int64_t sent = 0; sent < total; ++sent) {
    // Paced against the start, so the rate holds however long each send takes.
    const auto due = started + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(double(sent) / flags.rate));
    if (due > Clock::now()) std::this_thread::sleep_until(due);
    traffic.next(now_utc(), json, key);
    producer.send(key, json);
    producer.poll();
    progress.show(producer);
  }
  return finish(producer, progress, options.topic);
}

}  // namespace

void add_produce_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "produce",
      "Send events to a Kafka topic, keyed by customer_id (idempotent producer, acks=all): replay an events\n"
      "directory (--events DIR: every record one message, bytes unchanged, invalid ones too) or generate "
      "live\n"
      "traffic (--generate --rate N --duration SECONDS, stamped with the current time; catalog from --db).\n"
      "Exit 1 if any message was not delivered, 3 if some input files could not be read.");
  Settings& settings = context.settings;
  settings.add(*command, "brokers", "--brokers", "127.0.0.1:9092", "Kafka bootstrap servers, host:port,...");
  settings.add(*command, "topic", "--topic", "events", "Kafka topic");
  auto flags = std::make_shared<ProduceFlags>();
  command->add_option("--events", flags->events_dir, "directory of event files to replay")->type_name("DIR");
  command->add_flag("--generate", flags->generate, "generate live traffic instead of replaying files");
  command->add_option("--profile", flags->profile, "traffic profile of --generate")->capture_default_str();
  command->add_option("--rate", flags->rate, "events per second of --generate")->capture_default_str();
  command->add_option("--duration", flags->duration, "seconds of --generate")->capture_default_str();
  command->add_option("--seed", flags->seed, "random seed of --generate [default: the clock]");
  command
      ->add_option("--connect-timeout", flags->connect_timeout,
                   "seconds to wait for the brokers and the topic")
      ->capture_default_str();
  command->add_option("--kafka", flags->kafka_properties, "extra librdkafka property KEY=VALUE (repeatable)");
  command->add_flag("--no-progress", flags->no_progress, "no progress line, even on a terminal");
  command->callback([&context, flags] {
    context.action = [&context, flags] {
      const Settings& settings = context.settings;
      if (flags->events_dir.empty() == !flags->generate)
        throw UsageError("produce needs exactly one of --events DIR and --generate");
      ProducerOptions options;
      options.brokers = settings.get("brokers");
      options.topic = settings.get("topic");
      options.connect_timeout_ms = flags->connect_timeout * 1000;
      options.extra = parse_kafka_properties(flags->kafka_properties);
      return flags->generate ? produce_generated(*flags, options, settings.get("db"))
                             : produce_replay(*flags, options);
    };
  });
}

}  // namespace ecomflow
