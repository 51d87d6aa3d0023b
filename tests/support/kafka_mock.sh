# Sourced by the stream tests: a scratch directory and a mock Kafka cluster
# (`ecomflow kafka-mock`) per test, stopped on exit.
set -euo pipefail
: "${ECOMFLOW:?ECOMFLOW must point at the built binary}"
work=$(mktemp -d /tmp/ecomflow-stream.XXXXXX)
mock_pid=""
background_pids=()
cleanup() {
  {
    for pid in "${background_pids[@]}" $mock_pid; do kill -KILL "$pid" || true; done
    wait || true
  } 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; for f in "$work"/*.err; do [[ -f $f ]] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done; exit 1; }

# start_mock PARTITIONS [TOPIC]: starts a one-broker cluster and sets
# BOOTSTRAP. Its stdin is the fifo mock.ctl, held open on fd 7, so
# `mock_control LINE` can inject faults.
start_mock() {
  local partitions=$1 topic=${2:-events}
  rm -f mock.ctl
  mkfifo mock.ctl
  exec 7<>mock.ctl
  "$ECOMFLOW" kafka-mock --brokers 1 --partitions "$partitions" --topic "$topic" <mock.ctl >mock.out 2>mock.err &
  mock_pid=$!
  for _ in $(seq 1 200); do
    if [[ -s mock.out ]] && head -1 mock.out | grep -q '^BOOTSTRAP='; then
      BOOTSTRAP=$(head -1 mock.out | cut -d= -f2)
      return 0
    fi
    kill -0 "$mock_pid" 2>/dev/null || fail "kafka-mock exited early"
    sleep 0.1
  done
  fail "kafka-mock printed no BOOTSTRAP line"
}

mock_control() { echo "$*" >&7; }

stop_mock() {
  kill -TERM "$mock_pid"
  local status=0
  wait "$mock_pid" || status=$?
  mock_pid=""
  exec 7>&-
  return $status
}

# A small catalog in DB (sqlite:PATH) and events under DIR: generate_events DB DIR [generate flags...]
generate_events() {
  local db=$1 dir=$2
  shift 2
  "$ECOMFLOW" --db "$db" generate --out "$dir" --catalog-out "$dir.catalog" "$@" >/dev/null
}

# The first weekly archive of DIR into all/first, the others into
# all/second, for a stream that stores one part before something happens
# and reads the rest after: split_weeks DIR
split_weeks() {
  mkdir -p all/first all/second
  local files=("$1"/*)
  [[ ${#files[@]} -ge 2 ]] || fail "expected one archive per week, found ${#files[@]}"
  mv "${files[0]}" all/first/
  mv "${files[@]:1}" all/second/
}

# Produces all/first (see split_weeks), starts a stream into DB_FILE in the
# background (bounded, so one that never stops cannot hang a test; its
# output goes to NAME.out/NAME.err) and waits until the first week's
# offsets are stored. Sets stream_pid and first (messages produced).
#   stream_first_week DB_FILE NAME [stream options...]
stream_first_week() {
  local db=$1 name=$2
  "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events all/first --no-progress >first.out 2>>produce.err ||
    fail "produce of the first week failed"
  first=$(sed -n 's/^produced \([0-9]*\) messages.*/\1/p' first.out)
  timeout -k 5 120 "$ECOMFLOW" --db "sqlite:$db" stream --brokers "$BOOTSTRAP" "${@:3}" >"$name.out" 2>"$name.err" &
  stream_pid=$!
  background_pids+=($stream_pid)
  for _ in $(seq 1 600); do
    [[ $(stored_offsets "$db") == "$first" ]] && return 0
    kill -0 $stream_pid 2>/dev/null || fail "the stream stopped before the first week was stored"
    sleep 0.1
  done
  fail "the first week was not stored"
}

# The sum of the next offsets stored in DB_FILE: stored_offsets DB_FILE
stored_offsets() {
  sqlite3 -cmd ".timeout 10000" "$1" "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0
}

# The tables a stream fills, as sorted text without run ids or clock times,
# for comparing two databases: table_dump DB_FILE
table_dump() {
  sqlite3 "$1" <<'SQL'
.mode list
SELECT 'offsets', topic, partition_id, next_offset, watermark, max_event_time, consumed, valid, quarantined, duplicates, late FROM stream_offsets ORDER BY 2, 3;
SELECT 'window', topic, window_seconds, window_start, partition_id, events, customers, page_views, product_views, cart_adds, cart_removes, purchases, units, revenue_cents, closed FROM stream_window_partitions ORDER BY 2, 3, 4, 5;
SELECT 'late', topic, partition_id, kafka_offset, event_time, watermark, late_seconds, raw FROM late_events ORDER BY 2, 3, 4;
SELECT 'quarantine', reason, detail, source_file, record_index, raw FROM quarantine ORDER BY source_file, record_index;
SELECT 'event', e.date_key, e.event_time, e.customer_key, e.product_key, e.event_type_key, e.quantity, e.session_key, l.path FROM warehouse_fact_events e JOIN ingest_ledger l ON l.file_id = e.file_id ORDER BY 2, 3, 4, 5, 6, 7, 8, 9;
SELECT 'sale', s.date_key, s.event_time, s.customer_key, s.product_key, s.quantity, s.unit_price_cents, s.revenue_cents, l.path FROM warehouse_fact_sales s JOIN ingest_ledger l ON l.file_id = s.file_id ORDER BY 2, 3, 4, 5, 6, 7, 8, 9;
SELECT 'sales_fact', event_time, customer_id, product_id, quantity, unit_price_cents FROM sales_facts ORDER BY 2, 3, 4, 5, 6;
SELECT 'session', topic, partition_id, customer_id, session_key, session_start, session_end, events, products_viewed, products_added, products_purchased, units, revenue_cents, abandoned_value_cents, converted, bounced, abandoned, provisional FROM stream_sessions ORDER BY 2, 3, 4, 5, 6;
SQL
}

# Sessions as sorted comparable lines (customer, session key in hex, start,
# end, sessions.csv's measures): session_lines csv FILE (a batch
# sessions.csv) or session_lines db DB_FILE [PROVISIONAL] (a stream's
# stream_sessions, final rows unless PROVISIONAL is 1).
session_lines() {
  python3 - "$@" <<'PY'
import csv, datetime, sqlite3, sys
def time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00") if "Z" in text else text + "+00:00").isoformat()
def money(cents):
    return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else "-" + money(-cents)
lines = []
if sys.argv[1] == "csv":
    for r in csv.DictReader(open(sys.argv[2])):
        lines.append([r["customer_id"], r["session_key"], time(r["start"]), time(r["end"]), r["duration_seconds"],
                      r["events"], r["products_viewed"], r["products_added"], r["products_purchased"], r["units"],
                      r["revenue"], r["converted"], r["bounced"], r["abandoned"], r["abandoned_value"]])
else:
    provisional = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    db = sqlite3.connect(sys.argv[2])
    for r in db.execute("SELECT customer_id, session_key, session_start, session_end, duration_seconds, events, "
                        "products_viewed, products_added, products_purchased, units, revenue_cents, converted, "
                        "bounced, abandoned, abandoned_value_cents FROM stream_sessions WHERE provisional = ?",
                        (provisional,)):
        key = "" if r[1] == 0 else f"{r[1] & 0xFFFFFFFFFFFFFFFF:016x}"
        lines.append([r[0], key, time(r[2]), time(r[3])] + [str(v) for v in r[4:10]] +
                     [money(r[10])] + [str(v) for v in r[11:14]] + [money(r[14])])
for line in sorted(lines):
    print("|".join(line))
PY
}
