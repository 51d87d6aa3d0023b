#!/usr/bin/env bash
# `ecomflow monitor`: exit code and monitoring_report.json by health level
# (stale data -> degraded 5; an overdue run or an unreachable database ->
# critical 6), and alerts POSTed to a webhook receiver that fails first.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-monitor.XXXXXX)
receiver_pid=""
trap '[[ -n "$receiver_pid" ]] && kill "$receiver_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_status() {  # expect_status CODE COMMAND...
  local want=$1; shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}
json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

expect_status 6 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep
grep -q "no database at sqlite:shop.db" out.txt || fail "no database: $(cat out.txt)"

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
expect_status 6 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep
grep -q "no pipeline run recorded" out.txt || fail "no run: $(cat out.txt)"
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1

# The generated events are from 2023: stale, so degraded.
expect_status 5 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep
[[ $(json_field rep/monitoring_report.json status) == degraded ]] || fail "report status"
grep -Eq "^  freshness +degraded" out.txt || fail "freshness: $(cat out.txt)"
expect_status 0 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep --freshness-hours 100000000
[[ $(json_field rep/monitoring_report.json health_score) == 100 ]] || fail "healthy score"
# A run older than the limit is critical (a daily run was missed).
expect_status 6 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep --max-run-age-hours 0
grep -Eq "^  last_run +critical" out.txt || fail "overdue run: $(cat out.txt)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
expect_status 6 "$ECOMFLOW" --db "postgresql://shop:hunter2@127.0.0.1:$port/shop" monitor --reports down
[[ $(json_field down/monitoring_report.json status) == critical ]] || fail "down database report"
[[ $(json_field down/monitoring_report.json health_score) == 0 ]] || fail "down database score"
! grep -q hunter2 down/monitoring_report.json out.txt err.txt || fail "password leaked"

# A receiver on 127.0.0.1 that answers 503 twice, then 200, and keeps the body.
cat > receiver.py <<'PY'
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    posts = 0
    def do_POST(self):
        Hook.posts += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Hook.posts <= 2:
            self.send_response(503); self.end_headers(); return
        open("alert.json", "wb").write(body)
        open("posts.txt", "w").write(str(Hook.posts))
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
open("port.txt", "w").write(str(server.server_port))
server.serve_forever()
PY
python3 receiver.py & receiver_pid=$!
for _ in $(seq 100); do [[ -s port.txt ]] && break; sleep 0.1; done
[[ -s port.txt ]] || fail "receiver did not start"
expect_status 5 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep \
  --webhook "http://127.0.0.1:$(cat port.txt)/alerts" --webhook-backoff-ms 10
grep -q "alert: delivered to the webhook (attempt 3)" out.txt || fail "delivery: $(cat out.txt err.txt)"
[[ $(cat posts.txt) == 3 ]] || fail "posts: $(cat posts.txt)"
[[ $(json_field alert.json status) == degraded ]] || fail "alert body"
python3 -c 'import json; a=json.load(open("alert.json"))["alerts"]; assert any("freshness" in x for x in a), a'
# Healthy: no alert unless asked for.
rm -f alert.json
expect_status 0 "$ECOMFLOW" --db sqlite:shop.db monitor --reports rep --freshness-hours 100000000 \
  --webhook "http://127.0.0.1:$(cat port.txt)/alerts"
[[ ! -e alert.json ]] || fail "alerted while healthy"
echo "ok"
