#!/usr/bin/env bash
# `ecomflow check`: the default checks pass on a clean generated shop; a
# config's [[checks]] replace them; error/warn failures and --fail-on set the
# exit code (4); a bad check definition is a usage error naming the check.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {  # expect_status CODE COMMAND...
  local want=$1; shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1

expect_status 0 "$ECOMFLOW" --db sqlite:shop.db check
head -n 1 out.txt | grep -Eq "^check +status +observed +threshold +duration$" || fail "header: $(head -n 1 out.txt)"
grep -Eq "^sales_facts_customer_known +pass +0 rows" out.txt || fail "relationship check: $(cat out.txt)"
grep -Eq "^sales_facts_fresh +warn" out.txt || fail "2023 data should be stale: $(cat out.txt)"
grep -q "0 errors" out.txt || fail "summary: $(tail -n 1 out.txt)"
expect_status 4 "$ECOMFLOW" --db sqlite:shop.db check --fail-on warn

cat > failing.toml <<'TOML'
[[checks]]
name = "few_purchases_per_customer"
type = "sql"
severity = "warn"
query = "SELECT customer_id, COUNT(*) AS purchases FROM sales_facts GROUP BY customer_id HAVING COUNT(*) > 0"
warn_if = "> 1000"

[[checks]]
name = "quantity_at_most_two"
type = "range"
table = "sales_facts"
column = "quantity"
max = 2
TOML
expect_status 4 "$ECOMFLOW" --db sqlite:shop.db --config failing.toml check
[[ $(grep -c "^few_\|^quantity_" out.txt) -eq 2 ]] || fail "config checks replace the defaults: $(cat out.txt)"
grep -Eq "^few_purchases_per_customer +pass .*warn_if > 1000" out.txt || fail "warn_if: $(cat out.txt)"
grep -Eq "^quantity_at_most_two +error +[1-9][0-9]* rows" out.txt || fail "range failure: $(cat out.txt)"
grep -q '"quantity": "3"' out.txt || fail "no sample of failing rows: $(cat out.txt)"
expect_status 0 "$ECOMFLOW" --db sqlite:shop.db --config failing.toml check --fail-on never

cat > bad.toml <<'TOML'
[[checks]]
name = "broken"
type = "relationships"
table = "sales_facts"
column = "customer_id"
TOML
expect_status 2 "$ECOMFLOW" --db sqlite:shop.db --config bad.toml check
grep -q "check 'broken' (relationships): 'to' and 'field' are required" err.txt || fail "bad check: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" --db sqlite:shop.db check --fail-on sometimes
echo "ok"
