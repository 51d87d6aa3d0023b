#!/usr/bin/env bash
# Exactly-once: a stream killed with SIGKILL at several points and restarted
# ends with the same facts, windows, late events, quarantine and offsets as
# one uninterrupted run over the same topic.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:catalog.db events --weeks 1 --parts-per-day 4 --events-per-part 150 --profile clickstream \
  --dirty-rate 0.05
start_mock 4
status=0
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events events --no-progress >produce.out 2>produce.err || status=$?
[[ $status -eq 0 || $status -eq 3 ]] || fail "produce exited $status"
cp catalog.db whole.db
cp catalog.db killed.db
# A dead member's session ends quickly, so the restarted one is assigned at once.
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)

"$ECOMFLOW" --db sqlite:whole.db stream --brokers "$BOOTSTRAP" --group g --until-idle 1 --lateness 30 \
  "${kafka[@]}" >whole.out 2>whole.err || fail "the uninterrupted stream failed"

progress() { sqlite3 killed.db "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0; }
total=$(sqlite3 whole.db "SELECT SUM(next_offset) FROM stream_offsets")
points=()
for wait_for in start some more; do
  "$ECOMFLOW" --db sqlite:killed.db stream --brokers "$BOOTSTRAP" --group g --lateness 30 --commit-interval 0.05 \
    "${kafka[@]}" >>killed.out 2>>killed.err &
  pid=$!
  background_pids+=($pid)
  before=$(progress)
  case $wait_for in
    start) sleep 0.5 ;;  # before the group has even assigned partitions
    *)
      for _ in $(seq 1 400); do
        [[ $(progress) -gt $before ]] && break
        sleep 0.05
      done
      ;;
  esac
  kill -KILL $pid
  wait $pid 2>/dev/null || true
  points+=("$(progress)")
done
"$ECOMFLOW" --db sqlite:killed.db stream --brokers "$BOOTSTRAP" --group g --until-idle 1 --lateness 30 \
  "${kafka[@]}" >>killed.out 2>>killed.err || fail "the restarted stream failed"
echo "killed at stored offsets ${points[*]} of $total"

table_dump whole.db >whole.dump
table_dump killed.db >killed.dump
[[ $(grep -c '^event' whole.dump) -gt 1000 ]] || fail "too few facts: $(grep -c '^event' whole.dump)"
diff -q whole.dump killed.dump >/dev/null || fail "tables differ: $(diff whole.dump killed.dump | head -10)"
echo "stream_restart: ok"
