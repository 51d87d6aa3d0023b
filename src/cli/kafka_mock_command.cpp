/// `ecomflow kafka-mock`: librdkafka's mock Kafka cluster as a process, so
/// tests, benchmarks and demos have a broker without installing one.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "stream/mock_cluster.hpp"

namespace ecomflow {
namespace {

/// Options of one kafka-mock.
struct KafkaMockFlags {
  int brokers = 1;
  int partitions = 4;
  std::string topic = "events";
};

/// Applies one control line read from stdin (`broker-down ID`, `broker-up ID`,
/// `request-errors API_KEY COUNT ERROR_CODE`), so a test can inject faults.
void apply_control_line(MockCluster& cluster, const std::string& line) {
  std::istringstream words(line);
  std::string verb;
  words >> verb;
  if (verb.empty()) return;
  int first = 0, second = 0, third = 0;
  try {
    if (verb == "broker-down" && words >> first) {
      cluster.set_broker_up(first, false);
    } else if (verb == "broker-up" && words >> first) {
      cluster.set_broker_up(first, true);
    } else if (verb == "request-errors" && words >> first >> second >> third) {
      cluster.push_request_errors(first, second, rd_kafka_resp_err_t(third));
    } else {
      spdlog::warn("kafka-mock: unknown control line '{}'", line);
      return;
    }
    spdlog::info("kafka-mock: {}", line);
  } catch (const UserError& error) {
    spdlog::warn("kafka-mock: {}", error.what());
  }
}

int run_kafka_mock(const KafkaMockFlags& flags) {
  // Blocked before any thread starts, so every thread inherits the mask and
  // the signal waits for sigwait() below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  MockCluster cluster(flags.brokers, flags.topic, flags.partitions);
  fmt::print("BOOTSTRAP={}\n", cluster.bootstraps());
  fmt::print("topic {} with {} partition(s) on {} mock broker(s); stop with Ctrl-C or SIGTERM\n", flags.topic,
             flags.partitions, flags.brokers);
  std::fflush(stdout);

  std::thread([&cluster] {
    std::string line;
    while (std::getline(std::cin, line)) apply_control_line(cluster, line);
  }).detach();

  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("kafka-mock: stopping on signal {}", signal);
  // The stdin reader may still hold the cluster: leave without unwinding it.
  std::fflush(stdout);
  std::_Exit(int(ExitCode::kOk));
}

}  // namespace

void add_kafka_mock_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "kafka-mock",
      "Run librdkafka's mock Kafka cluster on 127.0.0.1 with one topic: prints BOOTSTRAP=host:port,...\n"
      "as its first line and runs until SIGINT/SIGTERM. Lines on stdin inject faults: `broker-down ID`,\n"
      "`broker-up ID`, `request-errors API_KEY COUNT ERROR_CODE`. For tests and demos; data lives in memory\n"
      "(about 5 MiB per partition).");
  auto flags = std::make_shared<KafkaMockFlags>();
  command->add_option("--brokers", flags->brokers, "number of mock brokers")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  command->add_option("--partitions", flags->partitions, "partitions of the topic")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  command->add_option("--topic", flags->topic, "topic to create")->capture_default_str();
  command->callback([&context, flags] { context.action = [flags] { return run_kafka_mock(*flags); }; });
}

}  // namespace ecomflow
