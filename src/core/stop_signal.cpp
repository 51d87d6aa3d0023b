#include "core/stop_signal.hpp"

#include <signal.h>

#include <fmt/format.h>

#include <csignal>

#include "core/error.hpp"

namespace ecomflow {
namespace {

volatile std::sig_atomic_t received_signal = 0;
volatile std::sig_atomic_t child_pid = 0;

void on_stop_signal(int signal) {
  received_signal = signal;
  if (child_pid > 0) kill(pid_t(child_pid), signal);
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  // A second Ctrl-C must still end a run whose current step does not look
  // at the stop request: the first one puts the default action back.
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() { return received_signal != 0; }

int stop_signal() { return received_signal; }

int stopped_exit_code() { return 128 + (received_signal != 0 ? int(received_signal) : SIGTERM); }

std::string_view stop_signal_name() {
  switch (received_signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

void throw_if_stopped(std::string_view while_doing) {
  if (received_signal == 0) return;
  throw UserError(fmt::format("stopped by {} {}", stop_signal_name(), while_doing),
                  ExitCode(stopped_exit_code()));
}

void forward_stop_to(pid_t child) { child_pid = child; }

}  // namespace ecomflow
