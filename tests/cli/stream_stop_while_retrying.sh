#!/usr/bin/env bash
# SIGTERM while the database cannot take a commit (another process holds
# SQLite's write lock, so every attempt is retried) ends the stream
# promptly with exit 143 instead of being ignored until SIGKILL. Nothing of
# the unstored commit is lost: once the lock is gone, a restarted stream
# ends with the same tables as an uninterrupted one.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:catalog.db generated --weeks 2 --parts-per-day 2 --events-per-part 60 --profile clickstream
split_weeks generated
cp catalog.db whole.db
cp catalog.db stopped.db
start_mock 2
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)
stream_first_week stopped.db stopped --group g --lateness 5256000 --commit-interval 0.1 "${kafka[@]}"
pid=$stream_pid

# Another process takes the write lock and keeps it.
python3 -c '
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN EXCLUSIVE")
open("locked", "w").close()
time.sleep(300)' stopped.db &
locker=$!
background_pids+=($locker)
for _ in $(seq 1 300); do [[ -f locked ]] && break; sleep 0.1; done
[[ -f locked ]] || fail "could not take the write lock"
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events all/second --no-progress >second.out 2>>produce.err ||
  fail "produce of the second week failed"
for _ in $(seq 1 600); do
  grep -q "retrying" stopped.err && break
  kill -0 $pid 2>/dev/null || fail "the stream ended while its commit was blocked: $(tail -3 stopped.err)"
  sleep 0.1
done
grep -q "retrying" stopped.err || fail "the blocked commit was never retried"
kill -TERM $pid
status=0
wait $pid || status=$?
[[ $status -ne 124 && $status -ne 137 ]] || fail "SIGTERM was ignored while the commit was being retried"
[[ $status -eq 143 ]] || fail "the stream exited $status, not 143, on SIGTERM while retrying"
grep -q "stopped by SIGTERM while the database could not take a commit" stopped.err ||
  fail "the message does not say why it stopped: $(tail -3 stopped.err)"
kill $locker 2>/dev/null
wait $locker 2>/dev/null || true
[[ $(stored_offsets stopped.db) == "$first" ]] || fail "offsets of the unstored commit were stored"

# With the lock gone, a restarted stream reads the second week again.
"$ECOMFLOW" --db sqlite:stopped.db stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --until-idle 1 \
  "${kafka[@]}" >>stopped.out 2>>stopped.err || fail "the restarted stream failed"
"$ECOMFLOW" --db sqlite:whole.db stream --brokers "$BOOTSTRAP" --group w --lateness 5256000 --until-idle 1 \
  "${kafka[@]}" >whole.out 2>whole.err || fail "the uninterrupted stream failed"
table_dump whole.db >whole.dump
table_dump stopped.db >stopped.dump
diff -q whole.dump stopped.dump >/dev/null || fail "tables differ: $(diff whole.dump stopped.dump | head -10)"
echo "stream_stop_while_retrying: ok"
