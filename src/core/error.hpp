#pragma once
/// Error types: user-facing failures that end a command, and internal checks.

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace ecomflow {

/// Process exit codes; documented in `ecomflow --help` and the README.
enum class ExitCode : int {
  kOk = 0,
  kFatal = 1,            ///< The command could not do its job (no database, I/O error, ...).
  kUsage = 2,            ///< A bad flag, value or configuration file.
  kPartial = 3,          ///< Completed, but some input files were unreadable (quarantined).
  kQualityFailed = 4,    ///< An error-level data-quality check failed; nothing was published.
  kDegraded = 5,         ///< `monitor`: health is degraded (warnings).
  kCritical = 6,         ///< `monitor`: health is critical.
  kLocked = 7,           ///< Another process holds the database's run (or scheduler) lock.
  kDatabaseRefused = 8,  ///< `stream`: the database refused a commit for a reason retrying cannot cure.
  kStopped = 128,        ///< Stopped by a signal: 128 + its number (130 SIGINT, 143 SIGTERM).
};

/// An error the user can act on: printed as one line, ends the command.
class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message, ExitCode code = ExitCode::kFatal)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// A bad flag, value or configuration entry (exit code 2).
class UsageError : public UserError {
 public:
  explicit UsageError(const std::string& message) : UserError(message, ExitCode::kUsage) {}
};

[[noreturn]] void check_failed(const char* file, int line, const std::string& message);

}  // namespace ecomflow

/// Internal invariant check: a failure is a bug in ecomflow, not bad input.
#define ECOMFLOW_CHECK(condition)                                                            \
  do {                                                                                       \
    if (!(condition)) ::ecomflow::check_failed(__FILE__, __LINE__, "CHECK(" #condition ")"); \
  } while (0)

/// Invariant check comparing two values; prints both operands on failure.
#define ECOMFLOW_CHECK_OP(a, op, b)                                                                       \
  do {                                                                                                    \
    const auto& check_a_ = (a);                                                                           \
    const auto& check_b_ = (b);                                                                           \
    if (!(check_a_ op check_b_))                                                                          \
      ::ecomflow::check_failed(                                                                           \
          __FILE__, __LINE__,                                                                             \
          fmt::format("CHECK({} {} {}) with {} = {}, {} = {}", #a, #op, #b, #a, check_a_, #b, check_b_)); \
  } while (0)
#define ECOMFLOW_CHECK_EQ(a, b) ECOMFLOW_CHECK_OP(a, ==, b)
#define ECOMFLOW_CHECK_LT(a, b) ECOMFLOW_CHECK_OP(a, <, b)
#define ECOMFLOW_CHECK_LE(a, b) ECOMFLOW_CHECK_OP(a, <=, b)
