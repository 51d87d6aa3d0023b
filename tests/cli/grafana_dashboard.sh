#!/usr/bin/env bash
# docs/grafana: the dashboard JSON is what Grafana provisions (unique ids,
# panels inside the 24-column grid, every target on the provisioned
# datasource, raw SQL with time columns), and every panel's SQL, with
# Grafana's macros expanded as its PostgreSQL datasource expands them, runs
# on a real warehouse and returns rows.
source "$(dirname "$0")/../cases/lib.sh"
grafana="$ECOMFLOW_SOURCE_DIR/docs/grafana"

python3 - "$grafana" <<'PY' || fail "the Grafana dashboard JSON is not valid"
import json, re, sys
root = sys.argv[1]
dashboard = json.load(open(f"{root}/dashboards/ecomflow.json"))
datasource = open(f"{root}/provisioning/datasources/ecomflow.yaml").read()
uid = re.search(r"^\s*uid:\s*(\S+)", datasource, re.M).group(1)
kind = re.search(r"^\s*type:\s*(\S+)", datasource, re.M).group(1)
assert dashboard["uid"] and dashboard["title"] and dashboard["schemaVersion"] >= 36
ids = [p["id"] for p in dashboard["panels"]]
assert len(ids) == len(set(ids)), f"duplicate panel ids {ids}"
for panel in dashboard["panels"]:
    where = f"panel {panel['id']} ({panel['title']})"
    grid = panel["gridPos"]
    assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24 and grid["h"] > 0, where
    assert panel["datasource"] == {"type": kind, "uid": uid}, where
    assert panel["targets"], where
    for target in panel["targets"]:
        assert target["datasource"]["uid"] == uid and target["rawQuery"] and target["rawSql"].strip(), where
        if target["format"] == "time_series":
            assert "$__timeGroupAlias(" in target["rawSql"], f"{where}: a time series needs a time column"
print(f"grafana: {len(ids)} panels valid")
PY

if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  echo "skipped the SQL half: no test PostgreSQL (run through make test)"
  exit 0
fi
database="grafana_$$_$RANDOM"
psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
trap 'psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1; rm -rf "$work"' EXIT
pg="${ECOMFLOW_TEST_PG_URL%/*}/$database"
"$ECOMFLOW" --db "$pg" generate --profile clickstream --seed 5 --weeks 1 --out events --catalog-out catalog >/dev/null
"$ECOMFLOW" --db "$pg" run --events events --no-progress --fail-on never >/dev/null 2>&1 || true
"$ECOMFLOW" --db "$pg" check >/dev/null 2>&1 || true

python3 - "$grafana/dashboards/ecomflow.json" "$pg" <<'PY' || fail "a Grafana panel's SQL failed"
import json, re, subprocess, sys
dashboard = json.load(open(sys.argv[1]))
pg = sys.argv[2]
def psql(sql):
    done = subprocess.run(["psql", "-X", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1", pg, "-c", sql],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"psql failed: {done.stderr.strip()}\n{sql}")
    return [line.split("\t") for line in done.stdout.splitlines() if line]
low, high = psql("SELECT to_char(MIN(event_time), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                 "to_char(MAX(event_time) + interval '1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM warehouse.fact_events")[0]
seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}
def expand(sql):
    # As Grafana's PostgreSQL datasource does for a range [low, high].
    sql = re.sub(r"\$__timeFilter\(([^)]+)\)", lambda m: f"{m.group(1)} BETWEEN '{low}' AND '{high}'", sql)
    sql = re.sub(r"\$__timeGroupAlias\(([^,]+),\s*'?(\d+)([smhd])'?\)",
                 lambda m: f"floor(extract(epoch from {m.group(1)})/{int(m.group(2)) * seconds[m.group(3)]})"
                           f"*{int(m.group(2)) * seconds[m.group(3)]} AS \"time\"", sql)
    sql = sql.replace("$__timeFrom()", f"'{low}'").replace("$__timeTo()", f"'{high}'")
    assert "$__" not in sql, f"a macro the test does not expand: {sql}"
    return sql
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        rows = psql(expand(target["rawSql"]))
        title = panel["title"]
        if title.startswith("Failed checks"):
            continue  # none may have failed
        assert rows, f"{title}: no rows"
        if panel["type"] == "stat":
            assert rows[0][0] != "", f"{title}: NULL"
        print(f"grafana: {title}: {len(rows)} rows, first {rows[0]}")
PY
echo "grafana_dashboard: ok"
