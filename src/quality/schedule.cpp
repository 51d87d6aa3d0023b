#include "quality/schedule.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/error.hpp"
#include "core/stop_signal.hpp"

namespace ecomflow {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    int64_t number = 0;
    const size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 9)
      number = number * 10 + (text[i++] - '0');
    if (i == start || i == text.size()) return std::nullopt;
    switch (text[i++]) {
      case 's':
        total += number;
        break;
      case 'm':
        total += number * 60;
        break;
      case 'h':
        total += number * 3600;
        break;
      case 'd':
        total += number * 86400;
        break;
      default:
        return std::nullopt;
    }
  }
  if (total <= 0) return std::nullopt;
  return std::chrono::seconds(total);
}

std::optional<int> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::time_t next_daily_time(std::time_t now, int minute_of_day) {
  std::tm local{};
  localtime_r(&now, &local);
  for (int day = 0; day < 3; ++day) {
    std::tm candidate = local;
    candidate.tm_mday += day;
    candidate.tm_hour = minute_of_day / 60;
    candidate.tm_min = minute_of_day % 60;
    candidate.tm_sec = 0;
    candidate.tm_isdst = -1;  // let mktime decide across a DST change
    const std::time_t at = std::mktime(&candidate);
    if (at > now) return at;
  }
  return now + 86400;
}

int run_child(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw UserError(fmt::format("cannot start {}: {}", argv.front(), std::strerror(errno)));
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    execv(pointers[0], pointers.data());
    _exit(127);
  }
  forward_stop_to(pid);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  forward_stop_to(0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace ecomflow
