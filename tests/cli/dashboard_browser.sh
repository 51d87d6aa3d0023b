#!/usr/bin/env bash
# The dashboard in a real browser: a week of generated traffic run into
# SQLite (one product renamed to markup), `ecomflow serve` on a free
# loopback port, then web/tests/dashboard.spec.js under @playwright/test
# driving Debian's chromium. Screenshots land in build/browser-test/.
source "$(dirname "$0")/../cases/lib.sh"
web="$ECOMFLOW_SOURCE_DIR/web"
chromium=${ECOMFLOW_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" || ! -f "$web/node_modules/@playwright/test/cli.js" ]]; then
  [[ -n "${ECOMFLOW_TEST_REQUIRE_SERVERS:-}" ]] && fail "chromium or @playwright/test missing: run scripts/install-deps.sh"
  echo "skipped: chromium or @playwright/test missing (scripts/install-deps.sh installs them)"
  exit 77
fi

db="$work/dashboard.db"
hostile='<img src=x onerror="window.hacked=1"><b>bold</b><script>window.hacked=2</script>'
"$ECOMFLOW" --db "sqlite:$db" generate --profile clickstream --seed 11 --weeks 1 --start-date 2024-05-06 \
  --out first --catalog-out catalog >/dev/null
"$ECOMFLOW" --db "sqlite:$db" run --events first --no-progress --fail-on never >/dev/null 2>&1 || true
# The next week's traffic, run by the browser test while the page is open.
"$ECOMFLOW" --db "sqlite:$work/next-catalog.db" generate --profile clickstream --seed 11 --weeks 1 \
  --start-date 2024-05-13 --out next --catalog-out next-catalog >/dev/null
top=$(sqlite3 "$db" "SELECT p.product_id FROM warehouse_fact_sales f JOIN warehouse_dim_product p
                     ON p.product_key = f.product_key GROUP BY p.product_id ORDER BY SUM(f.revenue_cents) DESC LIMIT 1")
[[ -n "$top" ]] || fail "the generated week has no sales"
quoted=${hostile//\'/\'\'}
sqlite3 "$db" "UPDATE warehouse_dim_product SET product_name = '$quoted' WHERE product_id = '$top';
               UPDATE products SET product_name = '$quoted' WHERE product_id = '$top';"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The page writes money in the currency serve is given, not always dollars.
"$ECOMFLOW" --db "sqlite:$db" serve --listen "127.0.0.1:$port" --currency EUR >serve.log 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null; wait $serve_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  kill -0 $serve_pid 2>/dev/null || { cat serve.log >&2; fail "serve exited"; }
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { cat serve.log >&2; fail "serve never became ready"; }

output="$(dirname "$ECOMFLOW")/browser-test"
rm -rf "$output"
cd "$web"
ECOMFLOW_DASHBOARD_URL="http://127.0.0.1:$port" ECOMFLOW_DASHBOARD_DB="$db" ECOMFLOW_NEXT_EVENTS="$work/next" \
  ECOMFLOW_HOSTILE_NAME="$hostile" ECOMFLOW_BROWSER_OUTPUT="$output" ECOMFLOW_CHROMIUM="$chromium" \
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node node_modules/@playwright/test/cli.js test --config playwright.config.js ||
  { tail -n 20 "$work/serve.log" >&2; fail "the browser test failed (traces in $output)"; }
echo "dashboard_browser: ok (screenshots in $output)"
