#!/usr/bin/env bash
# Typos get a short usage error (exit 2) naming what was typed and what was
# probably meant; every subcommand's --help lists the global flags it takes.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-typos.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {  # expect_status CODE COMMAND...
  local want=$1; shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

expect_status 2 "$ECOMFLOW" rn
grep -q "unknown command 'rn' for \`ecomflow\`; did you mean 'run'?" err.txt || fail "rn: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" --db sqlite:x.db genrate
grep -q "unknown command 'genrate' for \`ecomflow\`; did you mean 'generate'?" err.txt || fail "genrate: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" db statsu
grep -q "unknown command 'statsu' for \`ecomflow db\`; did you mean 'status'?" err.txt || fail "db: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" run --evnets data
grep -q "unknown flag '--evnets' for \`ecomflow run\`; did you mean '--events'?" err.txt || fail "evnets: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" --db sqlite:x.db run --events data --thread 2
grep -q "unknown flag '--thread' for \`ecomflow run\`; did you mean '--threads'?" err.txt || fail "thread: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" query sales_report --limit -1
grep -q "must be a whole number of at least 0, not '-1'" err.txt || fail "limit: $(cat err.txt)"
[[ $(wc -c <err.txt) -lt 300 ]] || fail "limit message is long: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" runs --limit 0
grep -q "must be a whole number of at least 1, not '0'" err.txt || fail "runs limit: $(cat err.txt)"
[[ ! -e x.db ]] || fail "a typo created a database"

for command in generate catalog "catalog import" run report check monitor runs schedule cleanup db "db status" query config; do
  # shellcheck disable=SC2086
  expect_status 0 "$ECOMFLOW" $command --help
  for flag in --db --config --log-level --log-format --threads; do
    grep -q -- "^  $flag " out.txt || fail "'$command --help' does not show $flag: $(cat out.txt)"
  done
done
echo "ok"
