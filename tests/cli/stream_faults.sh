#!/usr/bin/env bash
# Faults lose and duplicate nothing: Produce and Fetch requests failing
# (injected into the mock cluster) and the broker down for a while, while a
# stream runs; the result equals a clean run over the same topic. The
# stream's Prometheus metrics are served meanwhile.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:catalog.db first --weeks 1 --parts-per-day 1 --events-per-part 120 --profile clickstream
generate_events sqlite:second.db second --weeks 1 --parts-per-day 1 --events-per-part 120 --profile clickstream \
  --start-date 2023-11-06 --seed 7
cp catalog.db faulty.db
cp catalog.db clean.db
start_mock 2
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)
stored() { sqlite3 faulty.db "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0; }
wait_for_stored() {  # wait_for_stored COUNT
  for _ in $(seq 1 600); do
    [[ $(stored) -ge $1 ]] && return 0
    sleep 0.05
  done
  fail "the stream stored $(stored) of $1 messages"
}
produced() { grep -o 'produced [0-9]* messages' "$1" | cut -d' ' -f2; }

mock_control "request-errors 0 3 7"  # the next three Produce requests time out; the idempotent producer retries
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events first --no-progress >first.out 2>first.err || fail "produce"
grep -q "0 not delivered" first.out || fail "$(cat first.out)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ECOMFLOW" --db sqlite:faulty.db stream --brokers "$BOOTSTRAP" --group g --commit-interval 0.2 --lateness 30 \
  --metrics-listen "127.0.0.1:$port" "${kafka[@]}" >faulty.out 2>faulty.err &
pid=$!
background_pids+=($pid)
wait_for_stored "$(produced first.out)"

metrics=$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode())")
grep -q '^ecomflow_stream_messages_total{partition="0",outcome="consumed"} [0-9]' <<<"$metrics" || fail "metrics: $metrics"
grep -q '^ecomflow_stream_commit_seconds_count [1-9]' <<<"$metrics" || fail "no commits in the metrics"
grep -q '^ecomflow_stream_partition_lag{partition="1"} 0' <<<"$metrics" || fail "lag after catching up: $metrics"

mock_control "broker-down 1"
sleep 2
mock_control "broker-up 1"
mock_control "request-errors 1 4 7"  # the next four Fetch requests time out
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events second --no-progress >second.out 2>second.err || fail "produce"
total=$(($(produced first.out) + $(produced second.out)))
wait_for_stored $total
kill -TERM $pid
status=0
wait $pid || status=$?
[[ $status -eq 0 ]] || fail "stream exited $status on SIGTERM"

"$ECOMFLOW" --db sqlite:clean.db stream --brokers "$BOOTSTRAP" --group clean --lateness 30 --until-idle 1 \
  "${kafka[@]}" >clean.out 2>clean.err || fail "the clean stream failed"
# The clean run closed every window at the end; the faulty one stopped on SIGTERM.
# The stopped stream's windows and sessions are still open (provisional):
# compare sessions without that flag.
table_dump faulty.db | grep -v '^window' | sed -E '/^session/s/\|[01]$//' >faulty.dump
table_dump clean.db | grep -v '^window' | sed -E '/^session/s/\|[01]$//' >clean.dump
[[ $(grep -c '^event' clean.dump) -ge $((total * 9 / 10)) ]] || fail "too few facts"
diff -q clean.dump faulty.dump >/dev/null || fail "tables differ: $(diff clean.dump faulty.dump | head -10)"
echo "stream_faults: ok"
