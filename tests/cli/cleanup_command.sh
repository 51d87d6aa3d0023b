#!/usr/bin/env bash
# `ecomflow cleanup`: removes processed archives (only files in the ledger
# with the same content) and old reports ecomflow wrote; --dry-run removes
# nothing; a file that was never processed, or that ecomflow did not write,
# is never removed, and symlinks are not followed.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-cleanup.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1
archive=$(ls data/*.zip)
# Arrived after the run: not in the ledger.
"$ECOMFLOW" --db sqlite:late.db generate --start-date 2023-11-06 --out late >/dev/null
cp late/*.zip data/unprocessed.zip

out=$("$ECOMFLOW" --db sqlite:shop.db cleanup --keep-days 30)
[[ "$out" == *"removed 0 archives, 0 report files"* ]] || fail "young files removed: $out"

out=$("$ECOMFLOW" --db sqlite:shop.db cleanup --keep-days 0 --dry-run)
[[ "$out" == *"would remove archive $archive"* ]] || fail "dry run listing: $out"
[[ "$out" == *"would remove report reports/sales_report.csv"* ]] || fail "dry run reports: $out"
[[ "$out" != *unprocessed* ]] || fail "unprocessed file listed: $out"
[[ -f "$archive" && -f reports/sales_report.csv ]] || fail "dry run removed files"

out=$("$ECOMFLOW" --db sqlite:shop.db cleanup --keep-days 0)
[[ "$out" == *"removed archive $archive"* ]] || fail "removal: $out"
[[ ! -e "$archive" ]] || fail "processed archive still there"
[[ ! -e reports/sales_report.csv ]] || fail "report still there"
[[ -f data/unprocessed.zip ]] || fail "an unprocessed archive was removed"

# Only what ecomflow wrote (its manifest), never a file someone else put
# there, and never through a symlink out of the reports directory.
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1 || true
[[ -f reports/.ecomflow-written ]] || fail "no manifest of the written reports"
grep -qx "sales_report.csv" reports/.ecomflow-written || fail "manifest: $(cat reports/.ecomflow-written)"
echo "not ecomflow's" >reports/notes.txt
mkdir outside
cp reports/charts/* outside/
outside_files=$(ls outside | wc -l)
[[ $outside_files -gt 0 ]] || fail "no charts were written"
rm -r reports/charts
ln -s ../outside reports/charts
touch -d '40 days ago' reports/notes.txt reports/sales_report.csv outside/*
out=$("$ECOMFLOW" --db sqlite:shop.db cleanup --keep-days 30)
[[ ! -e reports/sales_report.csv ]] || fail "an old report ecomflow wrote was kept: $out"
[[ -f reports/notes.txt ]] || fail "a file ecomflow never wrote was removed: $out"
[[ $(ls outside | wc -l) == "$outside_files" ]] || fail "a file behind a symlink was removed: $out"
grep -qx "sales_report.csv" reports/.ecomflow-written && fail "a removed report is still in the manifest"

code=0
"$ECOMFLOW" --db sqlite:shop.db cleanup >/dev/null 2>&1 || code=$?
[[ $code -eq 2 ]] || fail "--keep-days is required: $code"
echo "ok"
