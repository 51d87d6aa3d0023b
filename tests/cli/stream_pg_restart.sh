#!/usr/bin/env bash
# PostgreSQL restarted under a running stream: a private server of this
# test (so other tests keep theirs) is stopped after the stream has stored
# a first batch of messages and started again once the stream has failed to
# commit the next ones. The same stream process retries, then drains the
# topic: its tables (closed by a second stream with --until-idle) report the
# same as a batch run into SQLite, with every message accounted for once.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  echo "skipped: no test PostgreSQL (run through make test)"
  exit 77
fi
pg_bin=${ECOMFLOW_TEST_PG_ADMIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
as_postgres=()
chmod 755 "$work"
mkdir pgdata
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: pgdata
  as_postgres=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
pg_ctl() { "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pgdata" "$@"; }
start_postgres() {
  pg_ctl -l "$work/pgdata/server.log" -w -o "-p $port -k $work/pgdata -c listen_addresses=127.0.0.1 -c fsync=off" start \
    >/dev/null || { cat pgdata/server.log >&2; fail "PostgreSQL did not start"; }
}
stop_postgres() { pg_ctl -m immediate -w stop >/dev/null 2>&1; }
trap 'stop_postgres || true; cleanup' EXIT
"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pgdata" -U postgres -A trust --no-sync >initdb.log 2>&1 ||
  fail "initdb: $(tail -3 initdb.log)"
start_postgres
"$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE shop" >/dev/null
pg="postgresql://postgres@127.0.0.1:$port/shop"
rows() { "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tA shop -c "$1"; }

# Two weeks of events: the first is stored before the restart, the second
# is read while the server is down.
generate_events sqlite:batch.db generated --weeks 2 --parts-per-day 2 --events-per-part 60 --profile clickstream
split_weeks generated
"$ECOMFLOW" --db sqlite:batch.db run --events all --reports batch --no-progress --fail-on never >/dev/null \
  2>run.err || fail "batch run failed"
"$ECOMFLOW" --db "$pg" catalog import --customers generated.catalog/customers.csv \
  --products generated.catalog/products.csv >/dev/null 2>catalog.err || fail "catalog import into PostgreSQL"

start_mock 3
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events all/first --no-progress >first.out 2>produce.err ||
  fail "produce of the first week failed"
first=$(sed -n 's/^produced \([0-9]*\) messages.*/\1/p' first.out)
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)
"$ECOMFLOW" --db "$pg" stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --commit-interval 0.1 \
  "${kafka[@]}" >stream.out 2>stream.err &
pid=$!
background_pids+=($pid)
for _ in $(seq 1 600); do
  [[ $(rows "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0) == "$first" ]] && break
  kill -0 $pid 2>/dev/null || fail "the stream stopped before the restart"
  sleep 0.1
done
[[ $(rows "SELECT SUM(next_offset) FROM stream_offsets") == "$first" ]] || fail "the first week was not stored"

stop_postgres || fail "pg_ctl stop failed"
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events all/second --no-progress >second.out 2>>produce.err ||
  fail "produce of the second week failed"
for _ in $(seq 1 600); do
  grep -q "commit failed" stream.err && break
  kill -0 $pid 2>/dev/null || fail "the stream stopped while PostgreSQL was down"
  sleep 0.1
done
grep -q "commit failed" stream.err || fail "the stream never tried to commit while PostgreSQL was down"
start_postgres
total=$(($(sed -n 's/^produced \([0-9]*\) messages.*/\1/p' second.out) + first))
for _ in $(seq 1 600); do
  [[ $(rows "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0) == "$total" ]] && break
  kill -0 $pid 2>/dev/null || fail "the stream stopped after PostgreSQL came back"
  sleep 0.1
done
kill -TERM $pid
status=0
wait $pid || status=$?
[[ $status -eq 0 ]] || fail "the stream exited $status on SIGTERM after PostgreSQL came back"
# A second stream closes what is still open (windows, sessions).
"$ECOMFLOW" --db "$pg" stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --until-idle 1 "${kafka[@]}" \
  >>stream.out 2>>stream.err || fail "the closing stream failed"

"$ECOMFLOW" --db "$pg" report --reports streamed >/dev/null 2>report.err || fail "report over PostgreSQL"
for file in sales_report.csv funnel.csv daily_trends.csv hourly_trends.csv product_performance.csv sessions.csv; do
  diff -q "batch/$file" "streamed/$file" >/dev/null || fail "$file differs: $(diff "batch/$file" "streamed/$file" | head -5)"
done
[[ $(rows "SELECT SUM(consumed) FROM stream_offsets WHERE consumed = next_offset AND
      consumed = valid + quarantined + duplicates + late") == "$total" ]] ||
  fail "the partitions do not account for every message once: $(rows "SELECT * FROM stream_offsets")"
[[ $(rows "SELECT COUNT(*) FROM warehouse.fact_events") == $(sqlite3 batch.db "SELECT COUNT(*) FROM warehouse_fact_events") ]] ||
  fail "fact_events differ in count from the batch run"
# The stream's own sessions, none left open, are the batch's.
rows "SELECT customer_id, CASE WHEN session_key = 0 THEN '' ELSE lpad(to_hex(session_key), 16, '0') END,
      to_char(session_start, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), events, units, revenue_cents, provisional
      FROM stream_sessions" | LC_ALL=C sort >sessions.stream
python3 - batch/sessions.csv >sessions.batch <<'PY'
import csv, sys
rows = [(r["customer_id"], r["session_key"], r["start"], r["events"], r["units"],
         str(round(float(r["revenue"]) * 100)), "f") for r in csv.DictReader(open(sys.argv[1]))]
for row in rows:
    print("|".join(row))
PY
LC_ALL=C sort -o sessions.batch sessions.batch
[[ -s sessions.batch ]] || fail "no batch sessions"
diff -q sessions.batch sessions.stream >/dev/null ||
  fail "sessions differ: $(diff sessions.batch sessions.stream | head -5)"
echo "stream_pg_restart: ok"
