#!/usr/bin/env bash
# The dashboard under load (loopback only, bounded): wrk against the panel
# endpoints at about 1,000 requests/s, first idle, then with 100 browsers'
# update streams (/api/events) held open; then the time from the end of an
# `ecomflow run` to the pushed update reaching those streams.
#   bench/serve/dashboard_load.sh            (after make build)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ecomflow=${ECOMFLOW:-$repo/build/ecomflow}
here="$repo/bench/serve"
seconds=${DASHBOARD_BENCH_SECONDS:-15}
command -v wrk >/dev/null || { echo "error: wrk is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }

work=$(mktemp -d /tmp/ecomflow-dashboard-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
db="sqlite:$work/dashboard.db"
"$ecomflow" --db "$db" generate --profile clickstream --seed 4 --weeks 4 --start-date 2024-04-01 --out data \
  --catalog-out catalog >/dev/null
"$ecomflow" --db "$db" run --events data --no-progress --fail-on never >/dev/null 2>&1 || true
"$ecomflow" --db "sqlite:$work/next.db" generate --profile clickstream --seed 4 --weeks 1 --start-date 2024-04-29 \
  --out next --catalog-out next-catalog >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ecomflow" --db "$db" serve --listen "127.0.0.1:$port" --http-threads 160 >serve.log 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { cat serve.log >&2; exit 1; }
url="http://127.0.0.1:$port"

load() {  # 10 connections, 10 ms apart: about 1,000 requests/s
  WRK_DELAY_MS=10 wrk -t2 -c10 -d"${seconds}s" --latency -s "$here/paced.lua" "$url" | tee "$1.txt" |
    grep -E 'Requests/sec|^ +(50|90|99)%|Socket errors|Non-2xx' | sed "s/^/  $1: /"
}
echo "== panel endpoints, idle"
load idle
python3 "$here/event_clients.py" 127.0.0.1 "$port" 100 >streams.log &
pids+=($!)
for _ in $(seq 100); do
  curl -fs "$url/metrics" | grep -q '^ecomflow_event_streams 100$' && break
  sleep 0.1
done
echo "== panel endpoints, with $(curl -fs "$url/metrics" | sed -n 's/^ecomflow_event_streams //p') update streams open"
load streams

echo "== commit to push"
"$ecomflow" --db "$db" run --events next --no-progress --fail-on never >/dev/null 2>&1 || true
ended=$(date +%s.%N)
for _ in $(seq 100); do grep -q '^update' streams.log && break; sleep 0.05; done
python3 - "$ended" streams.log <<'PY'
import sys
ended = float(sys.argv[1])
times = [float(line.split()[-1]) for line in open(sys.argv[2]) if line.startswith("update")]
if not times:
    sys.exit("  no stream saw the new run")
times.sort()
print(f"  {len(times)} streams told of the run {1000 * (times[0] - ended):.0f} ms (first) to "
      f"{1000 * (times[-1] - ended):.0f} ms (last) after it ended")
PY
curl -fs "$url/metrics" | grep -E '^ecomflow_dashboard_(build_seconds|rebuilds_total)' | sed 's/^/  /'
