#!/usr/bin/env bash
# Installs the dashboard's npm packages exactly as web/package-lock.json pins
# them (ECharts, compiled into the binary; @playwright/test, which drives
# Debian's chromium in the browser test; it never downloads a browser).
# Skipped when web/node_modules already matches the lock file. Called by
# scripts/install-deps.sh after the Debian packages.
set -euo pipefail
web="$(cd "$(dirname "$0")/../web" && pwd)"
stamp="$web/node_modules/.ecomflow-lock.sha256"
want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
[[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$web/node_modules/echarts/dist/echarts.common.min.js" ]] && exit 0
command -v npm >/dev/null || { echo "error: npm is needed for the dashboard's packages (install nodejs)" >&2; exit 1; }
echo "Installing the dashboard's npm packages (web/package-lock.json)"
(cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "$want" > "$stamp"
