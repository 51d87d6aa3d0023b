#!/usr/bin/env bash
# `make live`: the shop running live on this machine with nothing to
# install: a mock Kafka cluster (`ecomflow kafka-mock`), generated clickstream
# traffic sent to it (`produce --generate`), the stream consuming it into an
# embedded SQLite warehouse (`stream`) and the dashboard over that warehouse
# (`serve`). Prints the dashboard's URL and the figures as they move; Ctrl-C
# stops every process it started, by PID, newest first.
#   LIVE_PORT=8080 LIVE_RATE=20 scripts/live.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ecomflow=build/ecomflow
port=${LIVE_PORT:-8080}
rate=${LIVE_RATE:-20}
dir=live
db="sqlite:$dir/live.db"
mkdir -p "$dir"

pids=()
names=()
stop() {
  trap - EXIT INT TERM
  echo
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true  # gone already when Ctrl-C reached it too
    wait "${pids[i]}" 2>/dev/null || true
    echo "stopped ${names[i]} (pid ${pids[i]})"
  done
}
trap stop EXIT
trap 'exit 0' INT TERM
start() {  # start NAME COMMAND...: runs it in the background, its output in $dir/NAME.log
  local name=$1
  shift
  "$@" >"$dir/$name.log" 2>&1 </dev/null &
  pids+=($!)
  names+=("$name")
}
alive() {
  for i in "${!pids[@]}"; do
    kill -0 "${pids[i]}" 2>/dev/null || { echo "error: ${names[i]} stopped; see $dir/${names[i]}.log" >&2; tail -n 5 "$dir/${names[i]}.log" >&2; exit 1; }
  done
}

if [[ ! -f "$dir/live.db" ]]; then
  echo "==> catalog into $dir/live.db"
  "$ecomflow" --db "$db" generate --profile clickstream --weeks 1 --out "$dir/first-week" --catalog-out "$dir/catalog" >/dev/null
fi

start kafka-mock "$ecomflow" kafka-mock --partitions 3
brokers=""
for _ in $(seq 100); do
  brokers=$(sed -n 's/^BOOTSTRAP=//p' "$dir/kafka-mock.log")
  [[ -n "$brokers" ]] && break
  alive
  sleep 0.1
done
[[ -n "$brokers" ]] || { echo "error: kafka-mock printed no BOOTSTRAP line" >&2; exit 1; }
echo "==> mock Kafka at $brokers"
start stream "$ecomflow" --db "$db" stream --brokers "$brokers" --commit-interval 2
start produce "$ecomflow" --db "$db" produce --generate --rate "$rate" --duration 86400 --brokers "$brokers" --no-progress
start serve "$ecomflow" --db "$db" serve --listen "127.0.0.1:$port"
url="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fs "$url/ready" >/dev/null 2>&1 && break
  alive
  sleep 0.2
done
curl -fs "$url/ready" >/dev/null || { echo "error: serve is not ready; see $dir/serve.log" >&2; exit 1; }

echo
echo "==> the dashboard: $url/?range=1h&refresh=off   (Ctrl-C stops everything; logs in $dir/)"
echo
while true; do
  alive
  curl -fs "$url/api/dashboard/kpis?range=1h" | python3 -c '
import json, sys
d = json.load(sys.stdin)
k = d["data"]
revenue = k["revenue_cents"] / 100
print("  latest event %s  version %4d  events last hour %6d  orders %5d  revenue $%12s  last ingest %s" % (
    d["to"] or "-", d["version"], k["events_last_hour"], k["orders"], f"{revenue:,.2f}", k["last_ingest_at"]))' || true
  sleep 5
done
