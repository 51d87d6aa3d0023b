#!/usr/bin/env bash
# The command-line frame: help, version, bad flags and values, settings
# precedence (flag > env > .env > ecomflow.toml > default), secret masking.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {  # expect_status CODE COMMAND...
  local want=$1; shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

expect_status 0 "$ECOMFLOW" --help
grep -q "Exit codes" out.txt || fail "--help does not document exit codes"
grep -q "generate" out.txt && grep -q "run" out.txt || fail "--help does not list the subcommands"
expect_status 0 "$ECOMFLOW" --version
grep -Eq "^ecomflow [0-9]+\.[0-9]+\.[0-9]+" out.txt || fail "--version: $(cat out.txt)"
expect_status 0 "$ECOMFLOW" run --help
grep -q -- "--report-only" out.txt || fail "run --help does not show --report-only"

expect_status 2 "$ECOMFLOW" config --no-such-flag
grep -q "no-such-flag" err.txt || fail "bad flag message does not name the flag: $(cat err.txt)"
[[ $(wc -l < err.txt) -le 3 ]] || fail "bad flag message is not short"
expect_status 2 "$ECOMFLOW" frobnicate
expect_status 2 "$ECOMFLOW" --log-level loud config
grep -q "log_level" err.txt || fail "bad value message does not name the setting"
expect_status 2 "$ECOMFLOW" --threads many config

# Precedence, one layer at a time.
value_of() { "$ECOMFLOW" config | awk -v k="$1" '$1 == k { print $2 " " $3 }'; }
[[ "$(value_of log_level)" == "info default" ]] || fail "default: $(value_of log_level)"
printf 'log_level = "error"\nthreads = 3\n' > ecomflow.toml
[[ "$(value_of log_level)" == "error ecomflow.toml" ]] || fail "toml: $(value_of log_level)"
echo 'ECOMFLOW_LOG_LEVEL=warn' > .env
[[ "$(value_of log_level)" == "warn .env" ]] || fail ".env: $(value_of log_level)"
[[ "$(ECOMFLOW_LOG_LEVEL=debug value_of log_level)" == "debug env" ]] || fail "env: $(ECOMFLOW_LOG_LEVEL=debug value_of log_level)"
[[ "$(ECOMFLOW_LOG_LEVEL=debug "$ECOMFLOW" --log-level trace config | awk '$1=="log_level"{print $2" "$3}')" == "trace flag" ]] ||
  fail "flag does not win"
[[ "$(value_of threads)" == "3 ecomflow.toml" ]] || fail "threads from toml: $(value_of threads)"
printf 'log_level = \n' > bad.toml
expect_status 2 "$ECOMFLOW" --config bad.toml config
grep -q "bad.toml" err.txt || fail "toml syntax error does not name the file"
expect_status 2 "$ECOMFLOW" --config missing.toml config

# Secrets are masked in config output and in errors.
rm -f .env ecomflow.toml
out=$("$ECOMFLOW" --db postgresql://shop:s3cret-pw@127.0.0.1:1/shop config)
grep -q "s3cret-pw" <<<"$out" && fail "config shows the password"
grep -q "shop:\*\*\*\*@127.0.0.1" <<<"$out" || fail "config does not show the masked URL: $out"
mkdir -p events
expect_status 1 "$ECOMFLOW" --db postgresql://shop:s3cret-pw@127.0.0.1:1/shop run --events events --report-only
grep -q "s3cret-pw" err.txt out.txt && fail "error shows the password"
grep -q "127.0.0.1:1" err.txt || fail "unreachable database error does not name host:port: $(cat err.txt)"

# JSON logs are one JSON object per line.
"$ECOMFLOW" --log-format json --db "sqlite:$work/none.db" run --events "$work/nowhere" 2>err.txt >/dev/null || true
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]' err.txt ||
  fail "json log lines do not parse"
echo "cli_frame: ok"
