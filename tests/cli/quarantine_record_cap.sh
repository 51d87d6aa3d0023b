#!/usr/bin/env bash
# One quarantined record keeps at most --max-quarantined-record-kb of its raw
# text (1 MiB by default): a longer line keeps its first part, its length and
# the raw_truncated marker, in quarantine.ndjson and in the quarantine table,
# on SQLite and (under `make test`) PostgreSQL, and is still counted and located.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-record-cap.XXXXXX)
database=""
cleanup() {
  [[ -n "$database" ]] && psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 5 --seed 4 --out events \
  --catalog-out catalog >/dev/null
customer=$(sed -n 2p catalog/customers.csv | cut -d, -f1)
mkdir -p events/long
# Line 1 (0-based) is a 3 MiB record with an unknown event type; line 2 a short bad one.
python3 - "$customer" <<'PY'
import sys
customer = sys.argv[1]
padding = "é" * (3 * 1024 * 1024 // 2)
with open("events/long/long.ndjson", "w", encoding="utf-8") as f:
    f.write('{"timestamp":"2023-10-23T10:00:00","customer_id":"%s","event_type":"page_view"}\n' % customer)
    f.write('{"timestamp":"2023-10-23T10:00:01","customer_id":"%s","event_type":"shout","pad":"%s"}\n'
            % (customer, padding))
    f.write('{"timestamp":"2023-10-23T10:00:02","customer_id":"%s","event_type":"shout"}\n' % customer)
PY
long_bytes=$(sed -n 2p events/long/long.ndjson | wc -c)
long_bytes=$((long_bytes - 1))

check_ndjson() {  # check_ndjson QUARANTINE.NDJSON CAP_BYTES
  python3 - "$1" "$2" "$long_bytes" <<'PY'
import json, sys
path, cap, whole = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
records = [json.loads(line) for line in open(path, encoding="utf-8")]
long = [r for r in records if r["entry"] == "" and r["file"].endswith("long.ndjson") and r["index"] == 1]
short = [r for r in records if r["file"].endswith("long.ndjson") and r["index"] == 2]
assert len(long) == 1 and len(short) == 1, records
long, short = long[0], short[0]
assert long["reason"] == "unknown_event_type", long["reason"]
assert long.get("raw_truncated") is True, "no raw_truncated marker"
assert long.get("raw_original_bytes") == whole, (long.get("raw_original_bytes"), whole)
kept = long["raw"].encode("utf-8")
assert cap - 3 <= len(kept) <= cap, len(kept)
assert kept.startswith(b'{"timestamp":"2023-10-23T10:00:01"'), kept[:60]
assert "raw_truncated" not in short and "raw_original_bytes" not in short, short
PY
}

run() {  # run DB REPORTS [FLAGS...]
  local db=$1 reports=$2
  shift 2
  "$ECOMFLOW" --db "$db" run --events events --reports "$reports" --no-progress --fail-on never "$@" \
    >/dev/null 2>"$reports.err" || fail "$db: run failed: $(tail -5 "$reports.err")"
  [[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["quarantined"]["by_reason"]["unknown_event_type"])' \
    "$reports/run_summary.json") -eq 2 ]] || fail "$db: the two bad records are not both counted"
}

run sqlite:shop.db lite
check_ndjson lite/quarantine.ndjson $((1 << 20)) || fail "sqlite: quarantine.ndjson does not cut the long record"
row=$(sqlite3 shop.db "SELECT record_index, length(CAST(raw AS BLOB)) <= 1048576, raw_original_bytes FROM quarantine
  WHERE source_file LIKE '%long.ndjson' ORDER BY record_index")
[[ "$row" == "1|1|$long_bytes"$'\n'"2|1|" ]] || fail "sqlite: quarantine table rows: $row"

"$ECOMFLOW" --db sqlite:shop.db run --events events --reports bad --max-quarantined-record-kb 0 \
  >/dev/null 2>bad.err && fail "--max-quarantined-record-kb 0 was accepted"
grep -q "max-quarantined-record-kb" bad.err || fail "the usage error does not name the flag: $(cat bad.err)"

if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  database="record_cap_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
  pg="${ECOMFLOW_TEST_PG_URL%/*}/$database"
  "$ECOMFLOW" --db "$pg" catalog import --customers catalog/customers.csv --products catalog/products.csv \
    >/dev/null
  run "$pg" pg --max-quarantined-record-kb 64
  check_ndjson pg/quarantine.ndjson $((64 << 10)) || fail "postgresql: quarantine.ndjson does not cut at 64 KB"
  row=$(psql -tA "$pg" -c "SELECT record_index, octet_length(raw) <= 65536, raw_original_bytes FROM quarantine
    WHERE source_file LIKE '%long.ndjson' ORDER BY record_index")
  [[ "$row" == "1|t|$long_bytes"$'\n'"2|t|" ]] || fail "postgresql: quarantine table rows: $row"
fi
echo "quarantine_record_cap: ok"
