#!/usr/bin/env bash
# `make package`: CPack builds ecomflow_<version>_amd64.deb whose Depends
# dpkg-shlibdeps computed (every library the binary links is named by its
# package), lintian finds no error, apt resolves it, and the binary from the
# unpacked package runs --version, generate and run.
#
# By default the package is unpacked into a scratch root (dpkg-deb -x) and
# apt only simulates the install: a real install takes the dpkg lock and
# changes the machine (a system user, /usr/bin/ecomflow) while other tests
# run in parallel. ECOMFLOW_TEST_APT_INSTALL=1 installs it for real with
# `apt-get install ./ecomflow_*.deb` (root, a Debian 12 machine of its own)
# and removes it afterwards.
set -euo pipefail
: "${ECOMFLOW:?}"
build=$(dirname "$ECOMFLOW")
work=$(mktemp -d /tmp/ecomflow-package.XXXXXX)
installed=""
cleanup() {
  if [[ -n "$installed" ]]; then
    apt-get remove -y -q --purge ecomflow >/dev/null 2>&1 || true
    [[ "$installed" == new-user ]] && deluser --quiet --system ecomflow >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND exited $?" >&2' ERR
for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
  command -v "$tool" >/dev/null || fail "$tool missing: scripts/install-deps.sh installs it"
done

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || fail "cpack: $(cat "$work/cpack.log")"
version=$("$ECOMFLOW" --version | awk '{ print $2 }')
deb="$work/out/ecomflow_${version}_amd64.deb"
[[ -f "$deb" ]] || fail "no $deb: $(ls "$work/out")"

# Depends: each library the binary needs, by the package that ships it.
depends=$(dpkg-deb -f "$deb" Depends)
[[ "$depends" == *"adduser"* ]] || fail "Depends lacks adduser (postinst): $depends"
while read -r library; do
  # awk reads to the end: an early exit would SIGPIPE ldconfig and fail the pipeline.
  path=$(ldconfig -p | awk -v l="$library" '$1 == l && /x86-64/ && !found { print $NF; found = 1 }')
  [[ -n "$path" ]] || fail "cannot find $library"
  owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null || true)
  owner=${owner%%:*}
  [[ -n "$owner" ]] || fail "no package ships $path"
  # The package, or a name it provides (libspdlog1.10 provides libspdlog1.10-fmt9).
  names="$owner $(dpkg-query -W -f='${Provides}' "$owner" | sed -E 's/\([^)]*\)//g; s/,/ /g')"
  found=""
  for name in $names; do
    [[ ", $depends," == *", $name "* || ", $depends," == *", $name,"* ]] && found=$name
  done
  [[ -n "$found" ]] || fail "Depends lacks $owner (for $library): $depends"
done < <(readelf -d "$build/ecomflow" | awk '/NEEDED/ { gsub(/[][]/, "", $NF); print $NF }')

dpkg-deb -c "$deb" | awk '{ print $NF }' >"$work/files.txt"
for file in ./usr/bin/ecomflow ./usr/share/man/man1/ecomflow.1.gz ./usr/share/bash-completion/completions/ecomflow \
            ./usr/share/zsh/vendor-completions/_ecomflow ./usr/share/doc/ecomflow/copyright \
            ./usr/share/doc/ecomflow/examples/ecomflow.toml.example ./lib/systemd/system/ecomflow-run.timer \
            ./etc/ecomflow/ecomflow.toml ./etc/ecomflow/env; do
  grep -qx "$file" "$work/files.txt" || fail "package lacks $file"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
grep -qx /etc/ecomflow/env <<<"$conffiles" || fail "/etc/ecomflow/env is not a conffile: $conffiles"

lintian --fail-on error --no-tag-display-limit "$deb" >"$work/lintian.txt" 2>&1 || fail "lintian: $(cat "$work/lintian.txt")"
grep -q '^E:' "$work/lintian.txt" && fail "lintian errors: $(cat "$work/lintian.txt")"

# apt resolves the dependencies (simulation, no lock taken).
apt-get -s -q -o Debug::NoLocking=1 install "$deb" >"$work/apt.txt" 2>&1 || fail "apt-get -s install: $(cat "$work/apt.txt")"
grep -q "^Inst ecomflow " "$work/apt.txt" || fail "apt would not install ecomflow: $(cat "$work/apt.txt")"

use_package() {  # use_package BINARY: the commands a new user types first
  local binary=$1 dir="$work/use-$RANDOM"
  mkdir -p "$dir"
  (
    cd "$dir"
    [[ "$("$binary" --version)" == "ecomflow $version" ]] || fail "$binary --version"
    "$binary" generate >gen.txt 2>&1 || fail "$binary generate: $(cat gen.txt)"
    "$binary" run --no-progress >run.txt 2>&1 || fail "$binary run: $(cat run.txt)"
    [[ -s reports/sales_report.csv ]] || fail "$binary run wrote no report"
  )
}
dpkg-deb -x "$deb" "$work/root"
use_package "$work/root/usr/bin/ecomflow"
gzip -dc "$work/root/usr/share/man/man1/ecomflow.1.gz" | groff -ww -man -Tutf8 >/dev/null 2>"$work/groff.txt"
[[ ! -s "$work/groff.txt" ]] || fail "packaged man page: $(cat "$work/groff.txt")"

if [[ "${ECOMFLOW_TEST_APT_INSTALL:-}" == 1 ]]; then
  [[ $(id -u) -eq 0 ]] || fail "ECOMFLOW_TEST_APT_INSTALL=1 needs root"
  ! dpkg-query -W ecomflow >/dev/null 2>&1 || fail "ecomflow is already installed; not touching it"
  getent passwd ecomflow >/dev/null && installed=old-user || installed=new-user
  apt-get install -y -q -o DPkg::Lock::Timeout=300 "$deb" >"$work/apt-install.txt" 2>&1 ||
    fail "apt-get install: $(cat "$work/apt-install.txt")"
  getent passwd ecomflow >/dev/null || fail "postinst did not create the ecomflow user"
  use_package /usr/bin/ecomflow
  [[ -f /etc/ecomflow/ecomflow.toml && -f /lib/systemd/system/ecomflow-run.timer ]] || fail "installed files"
  man -w ecomflow >/dev/null 2>&1 || ! command -v man >/dev/null || fail "man ecomflow finds no page"
fi
echo "debian_package: ok"
