#!/usr/bin/env bash
# `generate` never replaces a different catalog already in the database
# without --force: the error names the database and what it holds, and
# nothing is written. The same catalog again (same seed) is no replacement.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-guard.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
customers() { sqlite3 shop.db 'SELECT COUNT(*) FROM customers'; }

printf 'customer_id,join_date,segment\nc001,2024-12-05,Regular\n' >customers.csv
printf 'product_id,product_name,category,price\np001,Lamp,Home & Garden,24.50\n' >products.csv
"$ECOMFLOW" --db sqlite:shop.db catalog import --customers customers.csv --products products.csv >/dev/null

code=0
"$ECOMFLOW" --db sqlite:shop.db generate >out.txt 2>err.txt || code=$?
[[ $code -eq 1 ]] || fail "generate over an imported catalog exited $code: $(cat out.txt err.txt)"
grep -q "sqlite:shop.db already holds a different catalog (1 customers, 1 products)" err.txt ||
  fail "message: $(cat err.txt)"
grep -q -- "--force" err.txt || fail "the message does not say how to replace it: $(cat err.txt)"
[[ $(customers) == 1 ]] || fail "the catalog was replaced"
[[ ! -e data ]] || fail "events were written although the command failed"

"$ECOMFLOW" --db sqlite:shop.db generate --force >/dev/null
[[ $(customers) == 100 ]] || fail "--force did not replace the catalog"
# The same catalog again: nothing to replace.
"$ECOMFLOW" --db sqlite:shop.db generate --out again >/dev/null || fail "regenerating the same catalog failed"
code=0
"$ECOMFLOW" --db sqlite:shop.db generate --seed 7 --out other >/dev/null 2>&1 || code=$?
[[ $code -eq 1 ]] || fail "another seed's catalog replaced the stored one (exit $code)"
echo "ok"
