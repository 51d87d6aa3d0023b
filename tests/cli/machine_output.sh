#!/usr/bin/env bash
# Output for machines: `check --json` is one JSON document with every check's
# status, observed value and threshold; JSON log lines carry the run id, the
# stage and the run's counts as fields, not only inside the message.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-machine.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
"$ECOMFLOW" --db sqlite:shop.db --log-format json run --no-progress >/dev/null 2>log.ndjson
python3 - log.ndjson <<'PY' || fail "json log: $(cat log.ndjson)"
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
assert lines, "no JSON lines"
staged = [l for l in lines if l.get("stage") == "load"]
assert staged and all(l["run_id"] == 1 for l in staged), lines
assert any(l.get("stage") == "connect" for l in lines), lines
done = [l for l in lines if l["msg"].startswith("run finished")]
assert len(done) == 1, lines
assert done[0]["records_read"] == 3500 and done[0]["valid"] == 3500 and done[0]["duplicates"] == 0, done
assert done[0]["run_id"] == 1 and done[0]["exit_code"] == 0, done
PY

code=0
"$ECOMFLOW" --db sqlite:shop.db check --json >check.json || code=$?
[[ $code -eq 0 ]] || fail "check --json exited $code"
python3 - check.json <<'PY' || fail "check --json: $(cat check.json)"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["run_id"] == 1 and report["errors"] == 0, report
assert report["checks"] == len(report["results"]) > 5, report
by_name = {r["name"]: r for r in report["results"]}
known = by_name["sales_facts_customer_known"]
assert known["status"] == "pass" and known["observed"] == 0 and known["failing_rows"] == 0, known
assert known["threshold"] == "> 0 rows" and known["type"] == "relationships", known
fresh = by_name["sales_facts_fresh"]
assert fresh["status"] == "warn" and fresh["observed"] > 48, fresh
PY
echo "ok"
