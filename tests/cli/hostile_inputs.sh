#!/usr/bin/env bash
# Records and files written to break a run: none of them may stop it, crash
# it, leak a file from outside the events directory or forge a log line, and
# each is accounted for with its documented reason. Runs on SQLite and, under
# `make test`, on PostgreSQL, whose COPY refuses NUL bytes, invalid UTF-8 and
# the year 0000.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-hostile.XXXXXX)
database=""
cleanup() {
  [[ -n "$database" ]] && psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"; }

"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 20 --seed 3 --out events \
  --catalog-out catalog >/dev/null
customer=$(sed -n 2p catalog/customers.csv | cut -d, -f1)
product=$(sed -n 2p catalog/products.csv | cut -d, -f1)
view() { printf '{"timestamp":"%s","customer_id":"%s","event_type":"view_product","product_id":"%s"}' \
  "$1" "$customer" "$product"; }

mkdir -p events/hostile
python3 - "$(view 2023-10-23T10:00:00)" <<'PY'
import sys
good = sys.argv[1]
deep = '{"a":' + '[' * 100000 + ']' * 100000 + '}'
with open("events/hostile/deep.ndjson", "w") as f:
    f.write(good + "\n" + deep + "\n")
with open("events/hostile/deep.json", "w") as f:
    f.write('[{"n":123456789012345678901234},{"a":' + '[' * 100000 + ']' * 100000 + '}]')
with open("events/hostile/binary.ndjson", "wb") as f:
    f.write(b'{"timestamp":"2023-10-23T10:00:01","customer_id":"c\xff\xfe","event_type":"page_view"}\n')
    f.write(b'{"timestamp":"2023-10-23T10:00:02","customer_id":"c\x00","event_type":"page_view"}\n')
    f.write(b'not json \xc3\x28 \x00 at all\n')
PY
{ view 0000-01-01T00:00:00; echo; view 9999-12-31T23:59:59; echo; view 2023-10-23T10:00:03; echo; } \
  >events/hostile/years.ndjson
printf '{"timestamp":"2023-10-23T10:00:04","customer_id":"%s","customer_id":"%s","event_type":"page_view"}\n' \
  "$customer" "$customer" >events/hostile/twice.ndjson
cp catalog/customers.csv events/hostile/customers.csv
ln -s /etc/passwd events/hostile/passwd.json
evil=$'events/hostile/x\n2023 FORGED\e[2J.json'
printf '{not json' >"$evil"  # a whole file quarantined: its name goes to the log

check_run() {  # check_run DB REPORTS
  local db=$1 reports=$2 status=0
  "$ECOMFLOW" --db "$db" run --events events --reports "$reports" --no-progress --fail-on never \
    >/dev/null 2>"$reports.err" || status=$?
  [[ $status -eq 3 ]] || fail "$db: run exited $status, expected 3: $(tail -5 "$reports.err")"
  local summary=$reports/run_summary.json
  [[ $(json "$summary" quarantined.by_reason.bad_timestamp) -eq 2 ]] || fail "$db: years 0000/9999 not bad_timestamp"
  [[ $(json "$summary" quarantined.by_reason.duplicate_field) -eq 1 ]] || fail "$db: no duplicate_field"
  [[ $(json "$summary" quarantined.by_reason.malformed_json) -ge 2 ]] || fail "$db: deep/binary lines not malformed"
  [[ $(json "$summary" files.by_reason.bad_header) -eq 1 ]] || fail "$db: customers.csv is not one bad_header"
  [[ $(json "$summary" files.by_reason.malformed_json) -eq 2 ]] || fail "$db: deep.json is not malformed"
  [[ $(json "$summary" inputs.skipped_links_outside) -eq 1 ]] || fail "$db: the link to /etc/passwd is not counted"
  grep -q "passwd.json: a symbolic link that leads outside" "$reports.err" || fail "$db: the link is not named"
  grep -q "root:" "$reports/quarantine.ndjson" && fail "$db: /etc/passwd leaked into the quarantine"
  grep -q "bad_header.*customer_id,join_date,segment" "$reports/quarantine.ndjson" ||
    fail "$db: the bad header is not named"
  # A name from disk cannot forge a log line or reach the terminal raw.
  grep -q $'\e' "$reports.err" && fail "$db: an escape character reached the log"
  grep -q '^2023 FORGED' "$reports.err" && fail "$db: a file name forged a log line"
  grep -qF 'x\n2023 FORGED\x1b[2J.json' "$reports.err" || fail "$db: the odd name is not shown escaped"
  # Bytes that are not UTF-8 come back exactly from quarantine.ndjson.
  python3 - "$reports/quarantine.ndjson" <<'PY' || fail "$db: base64 raw text does not give the bytes back"
import base64, json, sys
want = {b'{"timestamp":"2023-10-23T10:00:01","customer_id":"c\xff\xfe","event_type":"page_view"}',
        b'{"timestamp":"2023-10-23T10:00:02","customer_id":"c\x00","event_type":"page_view"}',
        b'not json \xc3\x28 \x00 at all'}
got = set()
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if record.get("raw_encoding") == "base64":
        got.add(base64.b64decode(record["raw"]))
assert want <= got, got
PY
}

check_run sqlite:shop.db lite
[[ $(sqlite3 shop.db "SELECT COUNT(*) FROM quarantine WHERE raw_encoding = 'base64'") -ge 3 ]] ||
  fail "sqlite: the quarantine table has no base64 rows"
[[ $(sqlite3 shop.db "SELECT COUNT(*) FROM warehouse_dim_date") -lt 400 ]] ||
  fail "sqlite: dim_date grew to $(sqlite3 shop.db "SELECT COUNT(*) FROM warehouse_dim_date") rows"

if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  database="hostile_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
  pg="${ECOMFLOW_TEST_PG_URL%/*}/$database"
  "$ECOMFLOW" --db "$pg" catalog import --customers catalog/customers.csv --products catalog/products.csv \
    >/dev/null
  check_run "$pg" pg
  [[ $(psql -tA "$pg" -c "SELECT COUNT(*) FROM quarantine WHERE raw_encoding = 'base64'") -ge 3 ]] ||
    fail "postgresql: the quarantine table has no base64 rows"
fi
echo "hostile_inputs: ok"
