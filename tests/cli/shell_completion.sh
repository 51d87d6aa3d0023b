#!/usr/bin/env bash
# `ecomflow completion bash|zsh`: for every command `--help` lists, the
# completion offers exactly the subcommands that --help lists, and the
# flags of the command and of the commands above it (flags fall through to
# the parent). The scripts are run, not read: bash through `complete -F`'s
# function, zsh with its completion builtins stubbed to print what they get.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-completion.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" completion bash >ecomflow.bash || fail "completion bash"
"$ECOMFLOW" completion zsh >_ecomflow || fail "completion zsh"
code=0
"$ECOMFLOW" completion fish >/dev/null 2>err.txt || code=$?
[[ $code -eq 2 ]] || fail "completion fish exited $code"

# What --help says, as lines "PATH<TAB>sub|flag<TAB>NAME" (PATH "" = root).
python3 - "$ECOMFLOW" >help.tsv <<'EOF'
import re, subprocess, sys
binary = sys.argv[1]
def walk(path):
    text = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, check=True).stdout
    section = None
    children = []
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
            continue
        if section == "Options" and re.match(r"^  -", line):
            for name in line.split()[0].split(","):
                print(f"{' '.join(path)}\tflag\t{name}")
        if section == "Subcommands" and re.match(r"^  \S", line):
            children.append(line.split()[0])
            print(f"{' '.join(path)}\tsub\t{children[-1]}")
    for child in children:
        walk(path + [child])
walk([])
EOF
[[ $(grep -c $'\tsub\t' help.tsv) -ge 10 ]] || fail "--help parse found too few subcommands: $(cat help.tsv)"
grep -q $'^run\tflag\t--events$' help.tsv || fail "--help parse missed run --events"

bash_complete() {  # bash_complete WORD... : the candidates for the last word
  bash -c 'source ./ecomflow.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ecomflow; printf "%s\n" "${COMPREPLY[@]}"' \
    complete "$@" | sort -u | sed '/^$/d'
}
zsh_complete() {  # the same through the zsh script
  zsh -f -c '_describe() { print -rl -- "${(@P)2%%:*}"; }; compadd() { shift; print -rl -- "$@"; }
             _files() { print -r -- "<files $*>"; }
             words=("$@"); CURRENT=$#; source ./_ecomflow' complete "$@" | sort -u | sed '/^$/d'
}

paths=("" $(cut -f1 help.tsv | sort -u | sed '/^$/d' | tr ' ' '+'))
for joined in "${paths[@]}"; do
  path="${joined//+/ }"
  read -r -a words <<<"$path"
  # Flags: this command's and its parents'.
  expected=$(
    prefix=""
    awk -F'\t' -v p="" '$1 == p && $2 == "flag" { print $3 }' help.tsv
    for word in "${words[@]}"; do
      prefix="${prefix:+$prefix }$word"
      awk -F'\t' -v p="$prefix" '$1 == p && $2 == "flag" { print $3 }' help.tsv
    done | sort -u
  )
  expected=$(sort -u <<<"$expected")
  got=$(bash_complete ecomflow "${words[@]}" -)
  [[ "$got" == "$expected" ]] || fail "bash: flags of '$path' differ from --help:
$(diff <(echo "$expected") <(echo "$got"))"
  got=$(zsh_complete ecomflow "${words[@]}" -)
  [[ "$got" == "$expected" ]] || fail "zsh: flags of '$path' differ from --help:
$(diff <(echo "$expected") <(echo "$got"))"
  # Subcommands.
  expected=$(awk -F'\t' -v p="$path" '$1 == p && $2 == "sub" { print $3 }' help.tsv | sort -u)
  if [[ -n "$expected" ]]; then
    got=$(bash_complete ecomflow "${words[@]}" "")
    [[ "$got" == "$expected" ]] || fail "bash: subcommands of '$path' differ from --help:
$(diff <(echo "$expected") <(echo "$got"))"
    got=$(zsh_complete ecomflow "${words[@]}" "")
    [[ "$got" == "$expected" ]] || fail "zsh: subcommands of '$path' differ from --help:
$(diff <(echo "$expected") <(echo "$got"))"
  fi
done

# The hidden man page generator is not offered.
grep -qx man <<<"$(bash_complete ecomflow m)" && fail "bash offers the hidden 'man'"
[[ "$(bash_complete ecomflow cat)" == "catalog" ]] || fail "prefix: $(bash_complete ecomflow cat)"
# Subcommand words after global flags and their values still count.
[[ "$(bash_complete ecomflow --db sqlite:x.db catalog "")" == $'export\nimport' ]] ||
  fail "after --db VALUE: $(bash_complete ecomflow --db sqlite:x.db catalog "")"

# Values: fixed choices, files, directories; nothing after `--`.
[[ "$(bash_complete ecomflow --log-level "")" == "$(printf '%s\n' debug error info off trace warn)" ]] ||
  fail "--log-level values: $(bash_complete ecomflow --log-level "")"
[[ "$(bash_complete ecomflow run --fail-on "")" == "$(printf '%s\n' error never warn)" ]] ||
  fail "run --fail-on values: $(bash_complete ecomflow run --fail-on "")"
[[ "$(zsh_complete ecomflow check --fail-on "")" == "$(printf '%s\n' error never warn)" ]] ||
  fail "zsh check --fail-on values: $(zsh_complete ecomflow check --fail-on "")"
[[ "$(bash_complete ecomflow completion "")" == "$(printf '%s\n' bash zsh)" ]] ||
  fail "completion SHELL: $(bash_complete ecomflow completion "")"
mkdir -p project && touch settings.toml
grep -qx settings.toml <<<"$(bash_complete ecomflow --config s)" || fail "--config does not complete files"
grep -qx project <<<"$(bash_complete ecomflow init p)" || fail "init DIR does not complete directories"
grep -q settings.toml <<<"$(bash_complete ecomflow init s)" && fail "init DIR offers a file"
[[ "$(zsh_complete ecomflow catalog export --out "")" == "<files -/>" ]] ||
  fail "zsh catalog export --out: $(zsh_complete ecomflow catalog export --out "")"
[[ "$(zsh_complete ecomflow --config "")" == "<files >" ]] || fail "zsh --config: $(zsh_complete ecomflow --config "")"
[[ -z "$(bash_complete ecomflow schedule --every 1h -- --ev)" ]] || fail "completes after --"
echo "shell_completion: ok"
