#!/usr/bin/env bash
# Operator mistakes and leaks that `run` and its neighbours refuse or
# prevent: reports inside the events directory, numbers too large for a
# flag, too many threads, an ambiguous database URL (never printed in
# part), report file modes, and catalog text that a spreadsheet would run
# as a formula.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-run-guards.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
umask 022
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # CODE LOG COMMAND...: runs COMMAND, output to LOG, expects CODE
  local want=$1 log=$2 code=0
  shift 2
  "$@" >"$log" 2>&1 || code=$?
  [[ $code -eq $want ]] || fail "$* exited $code, not $want: $(cat "$log")"
}

"$ECOMFLOW" --db sqlite:shop.db generate --out data --catalog-out catalog >/dev/null

# Reports inside the events directory would be read back by every later run.
expect_exit 2 inside.log "$ECOMFLOW" --db sqlite:shop.db run --no-progress --events data --reports data/reports
grep -q "is inside --events" inside.log || fail "reports inside events: $(cat inside.log)"
expect_exit 2 same.log "$ECOMFLOW" --db sqlite:shop.db run --no-progress --events data --reports ./data/
[[ ! -e data/reports && ! -e data/sales_report.csv ]] || fail "a refused run wrote reports into the events"

# Numbers too large for a flag are usage errors, not failed allocations.
for flag in "--batch-size 99999999999" "--dedupe-memory 99999999999" "--session-gap-minutes 99999999999" \
  "--session-rows 99999999999" "--session-memory 99999999999" "--max-quantity 99999999999" \
  "--wait-lock 99999999999"; do
  # shellcheck disable=SC2086
  expect_exit 2 big.log "$ECOMFLOW" --db sqlite:shop.db run --no-progress $flag
  grep -q "at most" big.log || fail "$flag: $(cat big.log)"
done
expect_exit 2 big.log "$ECOMFLOW" --db sqlite:shop.db monitor --trend-checks 99999999999
grep -q "at most" big.log || fail "--trend-checks: $(cat big.log)"
for flags in "generate --customers 2000000000" "generate --events-per-part 2000000000" "generate --weeks 99999" \
  "cleanup --keep-days 2000000000"; do
  # shellcheck disable=SC2086
  expect_exit 2 big.log "$ECOMFLOW" --db sqlite:big.db $flags
  grep -q "not in range" big.log || fail "$flags: $(cat big.log)"
done
[[ ! -e big.db || $(python3 -c 'import sqlite3; print(sqlite3.connect("big.db").execute("select count(*) from sqlite_master").fetchone()[0])') == 0 ]] ||
  fail "a refused command touched the database"

# Too many threads: capped, and said so.
expect_exit 0 threads.log "$ECOMFLOW" --db sqlite:shop.db --threads 100000 run --no-progress --reports reports
grep -q -- "--threads 100000 is more than .* per hardware thread: using" threads.log ||
  fail "threads not capped: $(cat threads.log)"

# Report modes: the umask's for reports; quarantine.ndjson (copies of
# input text) owner-only.
[[ $(stat -c %a reports/sales_report.csv) == 644 ]] || fail "sales_report.csv mode $(stat -c %a reports/sales_report.csv)"
[[ $(stat -c %a reports/quarantine.ndjson) == 600 ]] || fail "quarantine.ndjson mode $(stat -c %a reports/quarantine.ndjson)"

# An unencoded '@' in the password: refused with how to encode it, and no
# part of the password printed anywhere.
bad='postgresql://shop:p@ss@127.0.0.1:9/shop'
for command in run monitor; do
  expect_exit 2 url.log "$ECOMFLOW" --db "$bad" "$command"
  grep -q "ambiguous database URL" url.log || fail "$command: $(cat url.log)"
  grep -q "%40" url.log || fail "$command: no encoding hint: $(cat url.log)"
  grep -q "p@ss\|ss@127" url.log && fail "$command printed the password: $(cat url.log)"
done
ECOMFLOW_DB="$bad" "$ECOMFLOW" config >config.log 2>&1 || true
grep -q "postgresql://shop:\*\*\*\*@127.0.0.1:9/shop" config.log || fail "config: $(cat config.log)"
grep -q "p@ss\|ss@127" config.log && fail "config printed the password: $(cat config.log)"

# Catalog text that spreadsheets would run is neutralised in every report CSV.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("catalog/products.csv")))
header = rows[0]
category, name = header.index("category"), header.index("product_name")
for row in rows[1:]:
    row[category] = {"Books": "=HYPERLINK(\"http://evil\",\"x\")", "Electronics": "@SUM(1+1)"}.get(row[category], row[category])
    row[name] = "-2+3+cmd|' /C calc'!A0" if row[0].endswith("1") else row[name]
csv.writer(open("catalog/products.csv", "w", newline="")).writerows(rows)
rows = list(csv.reader(open("catalog/customers.csv")))
segment = rows[0].index("segment")
for row in rows[1:]:
    row[segment] = "+VIP" if row[segment] == "VIP" else row[segment]
csv.writer(open("catalog/customers.csv", "w", newline="")).writerows(rows)
PY
"$ECOMFLOW" --db sqlite:formula.db catalog import --customers catalog/customers.csv --products catalog/products.csv >/dev/null
expect_exit 0 formula.log "$ECOMFLOW" --db sqlite:formula.db run --no-progress --reports formula
"$ECOMFLOW" --db sqlite:formula.db query --format csv product_rank >formula/query.csv
python3 - formula <<'PY'
import csv, glob, re, sys
number = re.compile(r"^[+-]?[0-9.]+([eE][+-]?[0-9]+)?$")
seen = 0
for path in glob.glob(sys.argv[1] + "/**/*.csv", recursive=True):
    for row in csv.reader(open(path, newline="")):
        for field in row:
            if field[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(field):
                sys.exit(f"{path}: formula-like field {field!r}")
            seen += field.startswith("'=") or field.startswith("'@") or field.startswith("'+") or field.startswith("'-")
if seen == 0:
    sys.exit("no neutralised field found: the catalog text did not reach the reports")
PY
echo "ok"
