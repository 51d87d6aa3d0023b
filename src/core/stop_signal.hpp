#pragma once
/// SIGINT and SIGTERM as a stop request: long-running commands stop taking
/// new work, finish or roll back what is in flight, and exit with
/// 128 + the signal's number. A second signal ends the process at once.

#include <sys/types.h>

#include <string_view>

namespace ecomflow {

/// Makes the first SIGINT/SIGTERM request a stop instead of ending the
/// process; the handler is reset, so a second one ends it the usual way.
void install_stop_handlers();

/// True once a stop was requested (after install_stop_handlers).
bool stop_requested();

/// The signal that requested the stop, 0 if none.
int stop_signal();

/// The exit code of a stopped command: 128 + the signal (130 for SIGINT, 143 for SIGTERM).
int stopped_exit_code();

/// `SIGINT`, `SIGTERM` or `signal N`.
std::string_view stop_signal_name();

/// Throws UserError with the stopped exit code when a stop was requested;
/// `while_doing` ends the message (`while loading`).
void throw_if_stopped(std::string_view while_doing);

/// Passes a stop signal on to this child process while it runs (0 = none).
void forward_stop_to(pid_t child);

}  // namespace ecomflow
