#!/usr/bin/env bash
# A commit the database refuses for good (a table the stream writes was
# renamed under it) ends the stream at once with exit code 8 and the
# reason, instead of retrying forever: nothing of the refused commit is
# stored, the run is recorded as failed, and once the table is back a
# restarted stream ends with the same tables as an uninterrupted one.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:catalog.db generated --weeks 2 --parts-per-day 2 --events-per-part 60 --profile clickstream
split_weeks generated
cp catalog.db whole.db
cp catalog.db refused.db
start_mock 2
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)
stream_first_week refused.db refused --group g --lateness 5256000 --commit-interval 0.1 "${kafka[@]}"
pid=$stream_pid
facts=$(sqlite3 refused.db "SELECT COUNT(*) FROM warehouse_fact_events")
sqlite3 -cmd ".timeout 10000" refused.db "ALTER TABLE stream_window_partitions RENAME TO windows_elsewhere"
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events all/second --no-progress >second.out 2>>produce.err ||
  fail "produce of the second week failed"
status=0
wait $pid || status=$?
[[ $status -ne 124 && $status -ne 137 ]] || fail "the stream was still retrying a commit the database refuses for good"
[[ $status -eq 8 ]] || fail "the stream exited $status, not 8, when the database refused its commit"
grep -q "no such table: stream_window_partitions" refused.err || fail "the message does not name the cause"
! grep -q "retrying" refused.err || fail "a commit that cannot succeed was retried"
[[ $(stored_offsets refused.db) == "$first" ]] || fail "offsets of the refused commit were stored"
[[ $(sqlite3 refused.db "SELECT COUNT(*) FROM warehouse_fact_events") == "$facts" ]] ||
  fail "facts of the refused commit were stored"
[[ $(sqlite3 refused.db "SELECT status FROM pipeline_runs ORDER BY run_id DESC LIMIT 1") == failed ]] ||
  fail "the stopped run is not recorded as failed"

# With the table back, a restarted stream resumes at the stored offsets.
sqlite3 -cmd ".timeout 10000" refused.db "ALTER TABLE windows_elsewhere RENAME TO stream_window_partitions"
"$ECOMFLOW" --db sqlite:refused.db stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --until-idle 1 \
  "${kafka[@]}" >>refused.out 2>>refused.err || fail "the restarted stream failed"
"$ECOMFLOW" --db sqlite:whole.db stream --brokers "$BOOTSTRAP" --group w --lateness 5256000 --until-idle 1 \
  "${kafka[@]}" >whole.out 2>whole.err || fail "the uninterrupted stream failed"
table_dump whole.db >whole.dump
table_dump refused.db >refused.dump
diff -q whole.dump refused.dump >/dev/null || fail "tables differ: $(diff whole.dump refused.dump | head -10)"
echo "stream_refused_commit: ok"
