#!/usr/bin/env bash
# Mistakes in ecomflow.toml are usage errors (exit 2), never silently
# ignored: a check on a column its table lacks, and a misspelt setting (with
# the setting that was probably meant).
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-config.XXXXXX)
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
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --no-checks >/dev/null 2>&1

for type in not_null unique range accepted_values; do
  extra=""
  [[ $type == range ]] && extra="min = 0"
  [[ $type == accepted_values ]] && extra='values = ["a"]'
  cat > column.toml <<TOML
[[checks]]
name = "typo_$type"
type = "$type"
table = "products"
column = "no_such_col"
$extra
TOML
  expect_status 2 "$ECOMFLOW" --db sqlite:shop.db --config column.toml check
  grep -q "check 'typo_$type': table products has no column 'no_such_col' (its columns: product_id," err.txt ||
    fail "$type: $(cat err.txt out.txt)"
done

printf 'thread = 1\n' > ecomflow.toml
expect_status 2 "$ECOMFLOW" config
grep -q "ecomflow.toml: unknown setting 'thread'; did you mean 'threads'?" err.txt || fail "typo: $(cat err.txt)"
printf 'no_such_setting_at_all = 1\n' > ecomflow.toml
expect_status 2 "$ECOMFLOW" --db sqlite:shop.db runs
grep -q "unknown setting 'no_such_setting_at_all'" err.txt || fail "unknown: $(cat err.txt)"
# Every setting of every command is known, whichever command runs; so are [[checks]].
printf 'events = "data"\nreports = "reports"\nthreads = 1\n[[checks]]\nname = "n"\ntype = "row_count"\ntable = "products"\nmin = 1\n' > ecomflow.toml
expect_status 0 "$ECOMFLOW" --db sqlite:shop.db check
echo "ok"
