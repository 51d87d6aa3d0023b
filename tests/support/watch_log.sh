# shellcheck shell=bash
# Sourced by the end-to-end tests that act on a command mid-way (by
# tests/cases/lib.sh, or by tests/cli/*.sh): wait for a line in a command's
# log, then send the command a signal.
#
# The watcher is the test's own shell polling with builtins: it is already
# watching when the command starts, with no interpreter to start first (so
# no ready handshake is needed), and it reads the log from its first byte,
# so a line logged before it looks is not missed.

# wait_logged PID LOG TEXT: returns 0 once LOG holds a line containing TEXT,
# 3 when process PID ended first, 4 when TEXT did not come within 300 s.
wait_logged() {
  local pid=$1 log=$2 text=$3 fd tick line partial="" result=4 deadline=$((SECONDS + 300))
  : >>"$log"          # a command started with >LOG truncates it before it writes: nothing is lost
  exec {fd}<"$log"
  exec {tick}<> <(:)  # never readable: `read -t` on it sleeps without starting a process
  while ((SECONDS < deadline)); do
    if IFS= read -r -u "$fd" line; then
      line=$partial$line
      partial=""
      [[ $line == *"$text"* ]] && { result=0; break; }
      continue
    fi
    partial+=$line    # read stops at the end of the file, inside a line being written
    kill -0 "$pid" 2>/dev/null || { result=3; break; }
    read -r -t 0.0005 -u "$tick" || true
  done
  exec {fd}<&- {tick}<&-
  return "$result"
}

# signal_when_logged SIGNAL TEXT LOG COMMAND...: starts COMMAND in the
# background, its output to LOG, and its process id in watched_pid; sends
# it SIGNAL (KILL, STOP, TERM; 0 only waits) the moment LOG holds TEXT.
# Returns as wait_logged, and 3 also when COMMAND ended before the signal.
watched_pid=""
signal_when_logged() {
  local signal=$1 text=$2 log=$3
  shift 3
  : >"$log"
  "$@" >>"$log" 2>&1 &
  watched_pid=$!
  wait_logged "$watched_pid" "$log" "$text" || return
  kill -s "$signal" "$watched_pid" 2>/dev/null || return 3
}
