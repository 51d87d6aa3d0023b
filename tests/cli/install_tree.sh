#!/usr/bin/env bash
# `make install` (PREFIX, DESTDIR): the binary, man page, bash and zsh
# completion, docs, ecomflow.toml.example and the systemd units land under
# the prefix, the units run the binary from there, and a second install
# keeps the settings an administrator edited.
set -euo pipefail
: "${ECOMFLOW:?}" "${ECOMFLOW_SOURCE_DIR:?}"
build=$(dirname "$ECOMFLOW")
work=$(mktemp -d /tmp/ecomflow-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# What `make install PREFIX=... DESTDIR=...` runs.
recipe=$(make -s -n -C "$ECOMFLOW_SOURCE_DIR" install PREFIX=/opt/shop DESTDIR="$work/dest" | grep -- '--install' || true)
[[ "$recipe" == *"DESTDIR=\"$work/dest\" cmake --install build --prefix \"/opt/shop\""* ]] ||
  fail "make install recipe: $recipe"
[[ "$(make -s -n -C "$ECOMFLOW_SOURCE_DIR" install | grep -- '--install')" == *'--prefix "/usr/local"'* ]] ||
  fail "make install does not default to /usr/local"

install_to() { DESTDIR="$work/dest" cmake --install "$build" --prefix "$1" >"$work/install.log" 2>&1 || fail "install: $(cat "$work/install.log")"; }
install_to /opt/shop
root="$work/dest/opt/shop"
for file in bin/ecomflow share/man/man1/ecomflow.1.gz share/bash-completion/completions/ecomflow \
            share/zsh/site-functions/_ecomflow share/doc/ecomflow/README.md share/doc/ecomflow/operations.md \
            share/doc/ecomflow/configuration.md share/doc/ecomflow/examples/ecomflow.toml.example \
            share/doc/ecomflow/copyright lib/systemd/system/ecomflow-run.service lib/systemd/system/ecomflow-run.timer \
            lib/systemd/system/ecomflow-stream.service lib/systemd/system/ecomflow-serve.service \
            etc/ecomflow/ecomflow.toml etc/ecomflow/env; do
  [[ -f "$root/$file" ]] || fail "make install did not install $file"
done
[[ -z "$(find "$work/dest" -path "$root" -prune -o -type f -print)" ]] || fail "files outside the prefix: $(find "$work/dest" -path "$root" -prune -o -type f -print)"
[[ "$("$root/bin/ecomflow" --version)" == "ecomflow "* ]] || fail "installed binary --version"
grep -qx "ExecStart=/opt/shop/bin/ecomflow run --no-progress" "$root/lib/systemd/system/ecomflow-run.service" ||
  fail "ExecStart does not use the prefix: $(grep ExecStart "$root/lib/systemd/system/ecomflow-run.service")"
grep -qx "EnvironmentFile=-/opt/shop/etc/ecomflow/env" "$root/lib/systemd/system/ecomflow-run.service" ||
  fail "EnvironmentFile does not use the prefix"
cmp <(gzip -dc "$root/share/man/man1/ecomflow.1.gz") <("$ECOMFLOW" man) || fail "installed man page differs from ecomflow man"
cmp "$root/share/bash-completion/completions/ecomflow" <("$ECOMFLOW" completion bash) || fail "installed bash completion is stale"

# A reinstall keeps edited settings and updates the rest.
echo 'log_level = "warn"' >"$root/etc/ecomflow/ecomflow.toml"
echo 'ECOMFLOW_DB=postgresql://shop@db/shop' >"$root/etc/ecomflow/env"
echo stale >"$root/share/doc/ecomflow/README.md"
install_to /opt/shop
[[ "$(cat "$root/etc/ecomflow/ecomflow.toml")" == 'log_level = "warn"' ]] || fail "reinstall replaced ecomflow.toml"
[[ "$(cat "$root/etc/ecomflow/env")" == 'ECOMFLOW_DB=postgresql://shop@db/shop' ]] || fail "reinstall replaced env"
cmp -s "$root/share/doc/ecomflow/README.md" "$ECOMFLOW_SOURCE_DIR/README.md" || fail "reinstall did not update README.md"
echo "install_tree: ok"
