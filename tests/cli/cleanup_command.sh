#!/usr/bin/env bash
# `ecomflow cleanup`: removes processed archives (only files in the ledger
# with the same content) and old reports; --dry-run removes nothing; a file
# that was never processed is never removed.
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

code=0
"$ECOMFLOW" --db sqlite:shop.db cleanup >/dev/null 2>&1 || code=$?
[[ $code -eq 2 ]] || fail "--keep-days is required: $code"
echo "ok"
