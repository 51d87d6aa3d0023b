#!/usr/bin/env bash
# The systemd units as the package installs them (prefix /usr into a scratch
# root): `systemd-analyze verify` passes with no message, and they run the
# installed binary as a dedicated user under ProtectSystem=strict with
# explicit writable paths, settings from an environment file, and exit code 3
# (documented in --help) counted as success. verify runs offline against the
# scratch root (--root), so it needs no running systemd: containers whose
# PID 1 is not systemd run it too.
set -euo pipefail
: "${ECOMFLOW:?}"
build=$(dirname "$ECOMFLOW")
work=$(mktemp -d /tmp/ecomflow-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND exited $?" >&2' ERR
command -v systemd-analyze >/dev/null || fail "systemd-analyze missing: scripts/install-deps.sh installs systemd"

root="$work/root"
DESTDIR="$root" cmake --install "$build" --prefix /usr >"$work/install.log" || fail "install: $(cat "$work/install.log")"
units="$root/lib/systemd/system"
for unit in ecomflow-run.service ecomflow-run.timer ecomflow-stream.service ecomflow-serve.service; do
  [[ -f "$units/$unit" ]] || fail "$unit not installed"
done
# The targets and services the units order against come from the host's systemd.
mkdir -p "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
MANPATH="$root/usr/share/man" systemd-analyze verify --root="$root" "$units"/ecomflow-* >"$work/verify.txt" 2>&1 ||
  fail "systemd-analyze verify: $(cat "$work/verify.txt")"
[[ ! -s "$work/verify.txt" ]] || fail "systemd-analyze verify warns: $(cat "$work/verify.txt")"

exit_partial=$("$ECOMFLOW" --help | sed -n '/^Exit codes:/,/^$/p' | awk '/unreadable/ { print $1 }')
[[ "$exit_partial" == 3 ]] || fail "--help no longer documents exit code 3 as unreadable input: '$exit_partial'"
setting() { grep -E "^$2=" "$units/$1" | cut -d= -f2-; }
for unit in ecomflow-run.service ecomflow-stream.service ecomflow-serve.service; do
  [[ "$(setting "$unit" User)" == ecomflow ]] || fail "$unit: User"
  [[ "$(setting "$unit" ProtectSystem)" == strict ]] || fail "$unit: ProtectSystem"
  [[ "$(setting "$unit" ReadWritePaths)" == /var/lib/ecomflow ]] || fail "$unit: ReadWritePaths"
  [[ "$(setting "$unit" EnvironmentFile)" == -/etc/ecomflow/env ]] || fail "$unit: EnvironmentFile"
  grep -q "^Environment=ECOMFLOW_CONFIG=/etc/ecomflow/ecomflow.toml$" "$units/$unit" || fail "$unit: ECOMFLOW_CONFIG"
  [[ "$(setting "$unit" ExecStart)" == /usr/bin/ecomflow\ * ]] || fail "$unit: ExecStart"
done
[[ "$(setting ecomflow-run.service SuccessExitStatus)" == "$exit_partial" ]] || fail "run: SuccessExitStatus"
[[ "$(setting ecomflow-run.service Type)" == oneshot ]] || fail "run: Type"
[[ "$(setting ecomflow-run.timer OnCalendar)" == "*-*-* 02:30:00" ]] || fail "timer: OnCalendar"
[[ "$(setting ecomflow-stream.service ExecStart)" == *"stream --brokers \${ECOMFLOW_BROKERS} --topic \${ECOMFLOW_TOPIC} --group \${ECOMFLOW_GROUP}" ]] ||
  fail "stream: ExecStart"
[[ "$(setting ecomflow-serve.service ExecStart)" == *"serve --listen \${ECOMFLOW_LISTEN}" ]] || fail "serve: ExecStart"
grep -q "^Environment=ECOMFLOW_LISTEN=127.0.0.1:8080$" "$units/ecomflow-serve.service" || fail "serve: default listen address"

# The settings files the units name are installed, the env file root-only.
[[ -f "$root/etc/ecomflow/ecomflow.toml" ]] || fail "/etc/ecomflow/ecomflow.toml not installed"
[[ "$(stat -c %a "$root/etc/ecomflow/env")" == 600 ]] || fail "/etc/ecomflow/env is not mode 600"
(cd "$work" && ECOMFLOW_CONFIG="$root/etc/ecomflow/ecomflow.toml" "$ECOMFLOW" config >/dev/null) ||
  fail "the installed ecomflow.toml does not parse"

# A broken unit is caught: verify is not a test that cannot fail.
sed 's|^ExecStart=/usr/bin/ecomflow|ExecStart=/usr/bin/ecomflow-missing|' "$units/ecomflow-run.service" >"$units/ecomflow-broken.service"
if MANPATH="$root/usr/share/man" systemd-analyze verify --root="$root" "$units/ecomflow-broken.service" >/dev/null 2>&1; then
  fail "verify accepted a unit whose binary is missing"
fi
echo "systemd_units: ok"
