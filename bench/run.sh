#!/usr/bin/env bash
# `make bench`: ecomflow against pandas, DuckDB, Polars and the raw speed
# limits on the same generated seed-001 data, then the micro-benchmarks and
# the PostgreSQL load benchmark. See bench/README.md for what is measured.
#
#   bench/run.sh                          small + medium (about 5 minutes)
#   BENCH_SCALES=small,medium,large bench/run.sh
#   BENCH_BUILD_DIR=/path/to/build bench/run.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BENCH_BUILD_DIR:-$repo/build}
export ECOMFLOW=${ECOMFLOW:-$build/ecomflow}
export BENCH_BIN=${BENCH_BIN:-$build/bench}

# The anchors' npm packages live in bench/node_modules, never globally.
lock="$repo/bench/package-lock.json"
installed="$repo/bench/node_modules/.package-lock.json"
if [[ ! -f "$installed" || "$lock" -nt "$installed" ]]; then
  echo "Installing the DuckDB and Polars anchors into bench/node_modules"
  # Not `npm ci`: DuckDB's and Polars' packages list optional binaries for
  # every platform, and the registry does not hold all of them at these
  # versions (nodejs-polars-darwin-arm64@0.26.1 and others answer 404), so a
  # lock file cannot name them and `npm ci` refuses it as out of sync.
  # `npm install --no-save` takes the locked versions and integrity hashes,
  # skips optional binaries for other platforms and leaves the lock as it is.
  (cd "$repo/bench" && npm install --no-save --no-audit --no-fund --loglevel=error)
fi

if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
  (cd "$repo" && cmake --preset release >/dev/null)
fi
cmake --build "$build" --target ecomflow bench_inflate_limit bench_parse_limit bench_micro bench_load -j "$(nproc)"

# The marketplace import and the Cyberday simulation (SQLite; PostgreSQL + Redis when servers start).
"$repo/scripts/with-servers.sh" "$repo/bench/cyberday.sh"

# The shop: checkout throughput and latency, cached GET p99 at 1,000 requests/s
# (needs wrk and pgbench; skipped with BENCH_SHOP=0).
if [[ "${BENCH_SHOP:-1}" == "1" ]] && command -v wrk >/dev/null && command -v pgbench >/dev/null; then
  ECOMFLOW="$build/ecomflow" "$repo/bench/shop/run.sh"
fi

harness=(/usr/bin/python3 "$repo/bench/harness/main.py")
# A throwaway PostgreSQL adds the warehouse rows and the load benchmark.
if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" && "${BENCH_POSTGRES:-1}" == "1" ]] &&
   ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exec "$repo/scripts/with-servers.sh" "${harness[@]}"
fi
exec "${harness[@]}"
