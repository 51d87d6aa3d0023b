#!/usr/bin/env bash
# A file's identity is its content (size + hash), not its path: the same
# archives reached as `data`, `./data`, an absolute path, a symlink or a moved
# folder are already processed, and the totals do not change. A different file
# at a known path is new data.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d /tmp/ecomflow-identity.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

db="sqlite:shop.db"
revenue() { sqlite3 shop.db 'SELECT SUM(quantity * unit_price_cents) FROM sales_facts'; }
"$ECOMFLOW" --db "$db" generate --parts-per-day 2 --events-per-part 50 >/dev/null
"$ECOMFLOW" --db "$db" run --events data --no-checks --no-progress >/dev/null 2>&1
first=$(revenue)
[[ "$first" -gt 0 ]] || fail "no revenue after the first run"

ln -s data linked
mkdir elsewhere && cp -r data elsewhere/copied
for events in ./data "$work/data" "$work/./data/" linked elsewhere/copied; do
  "$ECOMFLOW" --db "$db" run --events "$events" --no-checks --no-progress >out.txt 2>err.txt ||
    fail "run --events $events: $(cat err.txt)"
  [[ $(revenue) == "$first" ]] || fail "--events $events changed the revenue: $first -> $(revenue)"
  grep -Eq "inputs +1 found, 0 new, 1 already processed" out.txt || fail "--events $events: $(cat out.txt)"
done
# Another path to the same bytes says so, once per file, naming where they were read first.
grep -c "same content as data/events_week_.*\.zip, already processed in run 1: skipped" err.txt |
  grep -qx 1 || fail "no info line for the copy: $(cat err.txt)"
mv data moved
"$ECOMFLOW" --db "$db" run --events moved --no-checks --no-progress >/dev/null 2>&1
[[ $(revenue) == "$first" ]] || fail "a moved folder changed the revenue"
[[ $(sqlite3 shop.db 'SELECT COUNT(*) FROM ingest_ledger') == 1 ]] || fail "the ledger grew"

# The same content twice in one run is read once.
mkdir twice && cp moved/*.zip twice/a.zip && cp moved/*.zip twice/b.zip
"$ECOMFLOW" --db sqlite:fresh.db generate --out unused >/dev/null
"$ECOMFLOW" --db sqlite:fresh.db run --events twice --no-checks --no-progress >out.txt 2>err.txt
grep -q "b.zip: same content as .*a.zip in this run: skipped" err.txt || fail "twice: $(cat err.txt)"
[[ $(sqlite3 fresh.db 'SELECT SUM(quantity * unit_price_cents) FROM sales_facts') == "$first" ]] ||
  fail "the same archive twice in one run was counted twice"

# A different file at a known path is new data; the old file's records stay.
"$ECOMFLOW" --db "$db" generate --out moved --force --seed 7 --start-date 2023-11-06 >/dev/null
"$ECOMFLOW" --db "$db" run --events moved --no-checks --no-progress >out.txt 2>&1
grep -Eq "inputs +[0-9]+ found, 1 new" out.txt || fail "new content not read: $(cat out.txt)"
[[ $(revenue) -gt "$first" ]] || fail "new content at a known path was not loaded"
echo "ok"
