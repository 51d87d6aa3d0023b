#!/usr/bin/env bash
# Installs the Debian packages ecomflow needs, only those missing.
# Idempotent and quiet when everything is already there.
#   scripts/install-deps.sh          build + test packages
#   scripts/install-deps.sh --bench  also what `make bench` needs
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libsimdjson-dev libzip-dev libdeflate-dev zlib1g-dev libsqlite3-dev sqlite3
  libpqxx-dev libpq-dev libhiredis-dev librdkafka-dev
  libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcpp-httplib-dev
  libcairo2-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql redis-server python3 zip unzip fonts-dejavu-core
)
packages+=(curl)  # tests/cli/shop_commands.sh drives `ecomflow serve`
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-pandas python3-sqlalchemy python3-psycopg2 nodejs time); command -v npm >/dev/null || packages+=(npm)  # a nodejs that bundles npm conflicts with Debian's npm
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed ${#missing[@]} packages."
