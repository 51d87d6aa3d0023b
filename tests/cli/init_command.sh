#!/usr/bin/env bash
# `ecomflow init [DIR]`: ecomflow.toml lists every setting `ecomflow config`
# knows, commented at its default, plus the default checks; .env.example the
# same as variables; a README, a cron line, a systemd override. Existing
# files are never overwritten without --force, and a project started this
# way runs.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-init.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" init shop >out.txt 2>&1 || fail "init: $(cat out.txt)"
for file in ecomflow.toml .env.example README.md ecomflow.cron systemd/ecomflow-run.service.d/override.conf; do
  [[ -s "shop/$file" ]] || fail "init did not write $file"
done

# Every setting, at its default: uncommented, the file reproduces the defaults.
"$ECOMFLOW" config | awk 'NR > 1 && NF >= 3 { print $1 "\t" $2 }' | sort >defaults.tsv
[[ $(wc -l <defaults.tsv) -ge 10 ]] || fail "config lists too few settings"
sed -E 's/^# ([a-z_]+ = )/\1/' shop/ecomflow.toml >uncommented.toml
"$ECOMFLOW" --config uncommented.toml config >from_toml.txt || fail "uncommented ecomflow.toml: $(cat from_toml.txt)"
awk 'NR > 1 && NF >= 3 { print $1 "\t" $2 "\t" $3 }' from_toml.txt | sort >from_toml.tsv
while IFS=$'\t' read -r key value; do
  line=$(awk -F'\t' -v k="$key" '$1 == k' from_toml.tsv)
  [[ "$line" == "$key"$'\t'"$value"$'\tuncommented.toml' ]] || fail "setting $key: default '$value', from ecomflow.toml: '$line'"
done < <(grep -v $'^threads\t' defaults.tsv)
grep -q '^# threads = 0$' shop/ecomflow.toml || fail "threads not at its default 0"
# The default checks, identical to the example configuration's.
diff <(sed -n '/^\[\[checks\]\]/,$p' shop/ecomflow.toml) \
     <(sed -n '/^\[\[checks\]\]/,$p' "${ECOMFLOW_SOURCE_DIR:?}/ecomflow.toml.example") >/dev/null ||
  fail "the [[checks]] of ecomflow.toml differ from ecomflow.toml.example"

# .env.example: one commented variable per setting; as .env every value comes from it.
mkdir envcheck
sed -E 's/^# (ECOMFLOW_[A-Z_]+=)/\1/' shop/.env.example | grep -v '^ECOMFLOW_CONFIG=' >envcheck/.env
(cd envcheck && "$ECOMFLOW" config) >from_env.txt || fail "the .env from .env.example: $(cat from_env.txt)"
awk 'NR > 1 && NF >= 3 && $3 != ".env" && $1 != "threads"' from_env.txt | grep . &&
  fail ".env.example misses settings: $(cat from_env.txt)"

grep -qE "^30 2 \* \* \*  cd '$work/shop' && '[^']*ecomflow' run --no-progress" shop/ecomflow.cron ||
  fail "cron line: $(cat shop/ecomflow.cron)"
grep -qx "WorkingDirectory=$work/shop" shop/systemd/ecomflow-run.service.d/override.conf || fail "override WorkingDirectory"
grep -qx "ReadWritePaths=$work/shop" shop/systemd/ecomflow-run.service.d/override.conf || fail "override ReadWritePaths"

# No overwriting without --force; nothing written at all when refused.
echo "# mine" >shop/README.md
rm shop/ecomflow.cron
code=0
"$ECOMFLOW" init shop >out.txt 2>&1 || code=$?
[[ $code -eq 2 ]] || fail "init over existing files exited $code"
grep -q "README.md" out.txt && grep -q -- "--force" out.txt || fail "refusal message: $(cat out.txt)"
[[ "$(cat shop/README.md)" == "# mine" ]] || fail "README.md was overwritten"
[[ ! -e shop/ecomflow.cron ]] || fail "a refused init wrote ecomflow.cron"
"$ECOMFLOW" init shop --force >out.txt 2>&1 || fail "init --force: $(cat out.txt)"
grep -q "^# mine" shop/README.md && fail "--force did not overwrite README.md"
[[ -s shop/ecomflow.cron ]] || fail "--force did not write ecomflow.cron"

touch plainfile
code=0
"$ECOMFLOW" init plainfile >out.txt 2>&1 || code=$?
[[ $code -eq 2 ]] || fail "init into a file exited $code: $(cat out.txt)"

# Default DIR is the working directory, and the project runs as written.
mkdir here && cd here
"$ECOMFLOW" init >/dev/null || fail "init without DIR"
[[ -f ecomflow.toml && -f .env.example ]] || fail "init without DIR did not write into ."
"$ECOMFLOW" generate >gen.txt 2>&1 || fail "generate in an init project: $(cat gen.txt)"
"$ECOMFLOW" run --no-progress >run.txt 2>&1 || fail "run in an init project: $(cat run.txt)"
[[ -s reports/sales_report.csv ]] || fail "run wrote no sales report"
echo "init_command: ok"
