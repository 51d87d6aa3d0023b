#!/usr/bin/env bash
# The manual page: `ecomflow man` (hidden from --help) writes roff that
# `groff -ww -man` renders without a warning; it documents every subcommand
# and flag --help lists, the settings' environment variables and the exit
# codes; the build installs the same page (build/dist/ecomflow.1.gz).
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-man.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" man >ecomflow.1 || fail "ecomflow man"
"$ECOMFLOW" --help >help.txt
grep -qE '^  man ' help.txt && fail "--help lists the hidden man command"
groff -ww -man -rHY=0 -rLL=250n -Tutf8 -P -cbou ecomflow.1 >page.txt 2>warnings.txt || fail "groff failed: $(cat warnings.txt)"
[[ ! -s warnings.txt ]] || fail "groff -ww warns: $(cat warnings.txt)"
groff -ww -man ecomflow.1 >/dev/null 2>warnings.txt || fail "groff (default device) failed: $(cat warnings.txt)"
[[ ! -s warnings.txt ]] || fail "groff -ww -man warns: $(cat warnings.txt)"
# The check itself catches a bad page.
printf '.TH X 1\n.SH NAME\nx \\- y\n.BOGUS\n' | groff -ww -man -Tutf8 >/dev/null 2>warnings.txt || true
[[ -s warnings.txt ]] || fail "groff -ww does not warn about an unknown macro"
grep -q "EXIT STATUS" page.txt || fail "no EXIT STATUS section"
grep -q "ECOMFLOW_DB" page.txt || fail "no ECOMFLOW_DB in ENVIRONMENT"

# Every subcommand and flag of --help, at any depth, is in the page (rendered
# without hyphenation and on wide lines, so no name is split).
python3 - "$ECOMFLOW" page.txt <<'EOF'
import re, subprocess, sys
binary, page = sys.argv[1], open(sys.argv[2]).read()
missing = []
def walk(path):
    text = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, check=True).stdout
    section, children = None, []
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
        elif section == "Options" and re.match(r"^  -", line):
            for name in line.split()[0].split(","):
                if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", page):
                    missing.append(f"{' '.join(path)} {name}")
        elif section == "Subcommands" and re.match(r"^  \S", line):
            children.append(line.split()[0])
    for child in children:
        if "ecomflow " + " ".join(path + [child]) not in page:
            missing.append("command " + " ".join(path + [child]))
        walk(path + [child])
walk([])
if missing:
    sys.exit("missing from the man page: " + ", ".join(missing))
EOF

# Each exit code of the --help footer has its entry.
for code in $("$ECOMFLOW" --help | sed -n '/^Exit codes:/,/^$/p' | grep -oE '(^|   )  ?[0-9]+  ' | tr -d ' '); do
  sed -n '/^EXIT STATUS/,/^[A-Z]/p' page.txt | grep -qE "^ +$code\b" || fail "exit code $code not in EXIT STATUS"
done

# The build wrote the same page.
binary_dir=$(dirname "$ECOMFLOW")
if [[ -f "$binary_dir/dist/ecomflow.1.gz" ]]; then
  cmp <(gzip -dc "$binary_dir/dist/ecomflow.1.gz") ecomflow.1 || fail "build/dist/ecomflow.1.gz is stale"
fi
echo "man_page: ok"
