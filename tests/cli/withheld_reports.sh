#!/usr/bin/env bash
# When a check withholds the reports (exit 4) the console names the failing
# checks and does not point at reports that were not written; the run's
# message in `runs` says why, and `monitor` gives the reason of a partial run.
# The elapsed time is the whole run's, the same in `runs` and on the console.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-withheld.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > strict.toml <<'TOML'
[[checks]]
name = "quantity_at_most_two"
type = "range"
table = "sales_facts"
column = "quantity"
max = 2
TOML
"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
code=0
"$ECOMFLOW" --db sqlite:shop.db --config strict.toml run --no-progress >out.txt 2>err.txt || code=$?
[[ $code -eq 4 ]] || fail "exit $code: $(cat out.txt err.txt)"
grep -q "reports withheld: quantity_at_most_two failed" err.txt || fail "console: $(cat err.txt)"
grep -Eq "^  reports +not written \(failing checks: quantity_at_most_two\)" out.txt || fail "summary: $(cat out.txt)"
[[ ! -e reports/index.html ]] || fail "reports were written"
"$ECOMFLOW" --db sqlite:shop.db runs >runs.txt
grep -q "1 new input, 0 already processed; reports withheld: quantity_at_most_two failed" runs.txt ||
  fail "runs message: $(cat runs.txt)"

# A partial run: its reason in `runs` and in `monitor`.
"$ECOMFLOW" --db sqlite:dirty.db generate --dirty-rate 0.01 --out dirty >/dev/null
code=0
"$ECOMFLOW" --db sqlite:dirty.db run --events dirty --no-progress >out.txt 2>&1 || code=$?
[[ $code -eq 3 ]] || fail "dirty run exit $code: $(cat out.txt)"
"$ECOMFLOW" --db sqlite:dirty.db runs >runs.txt
grep -Eq " partial .*[0-9]+ files? unreadable \([0-9]+ [a-z_]+" runs.txt || fail "partial message: $(cat runs.txt)"
code=0
"$ECOMFLOW" --db sqlite:dirty.db monitor --reports mon >mon.txt 2>&1 || code=$?
grep -Eq "run 1 was partial: [0-9]+ files? unreadable \([0-9]+ (corrupt_archive|malformed_json)" mon.txt ||
  fail "monitor: $(cat mon.txt)"

# One elapsed time: the console's (3 decimals) is the one `runs` keeps.
console=$(grep -E "^  elapsed" out.txt | awk '{ print $2 }')
stored=$("$ECOMFLOW" --db sqlite:dirty.db runs --json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)[0]["elapsed_seconds"])')
python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 0.0011 else 1)" \
  "$console" "$stored" || fail "elapsed: console $console, runs $stored"
echo "ok"
