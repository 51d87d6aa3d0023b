#!/usr/bin/env bash
# The stream on a real PostgreSQL (started by `make test`): a replay streamed
# into PostgreSQL, killed once and resumed, reports the same as a batch run
# into SQLite, with every partition accounted for.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  echo "skipped: no test PostgreSQL (run through make test)"
  exit 77
fi
database="stream_$$_$RANDOM"
psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
drop_database() { psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true; }
trap 'drop_database; cleanup' EXIT
pg="${ECOMFLOW_TEST_PG_URL%/*}/$database"

generate_events sqlite:batch.db events --weeks 1 --parts-per-day 2 --events-per-part 80 --profile clickstream \
  --dirty-rate 0.05
"$ECOMFLOW" --db "$pg" catalog import --customers events.catalog/customers.csv \
  --products events.catalog/products.csv >/dev/null 2>catalog.err || fail "catalog import into PostgreSQL"
status=0
"$ECOMFLOW" --db sqlite:batch.db run --events events --reports batch --no-progress --fail-on never \
  >/dev/null 2>run.err || status=$?
[[ $status -eq 0 || $status -eq 3 ]] || fail "run exited $status"

start_mock 3
status=0
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events events --no-progress >/dev/null 2>produce.err || status=$?
[[ $status -eq 0 || $status -eq 3 ]] || fail "produce exited $status"
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)

"$ECOMFLOW" --db "$pg" stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --commit-interval 0.05 \
  "${kafka[@]}" >stream.out 2>stream.err &
pid=$!
background_pids+=($pid)
for _ in $(seq 1 400); do
  [[ $(psql -tA "$pg" -c "SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets" 2>/dev/null || echo 0) -gt 0 ]] && break
  sleep 0.05
done
kill -KILL $pid
wait $pid 2>/dev/null || true
"$ECOMFLOW" --db "$pg" stream --brokers "$BOOTSTRAP" --group g --lateness 5256000 --until-idle 1 "${kafka[@]}" \
  >>stream.out 2>>stream.err || fail "the resumed stream failed"
"$ECOMFLOW" --db "$pg" report --reports streamed >/dev/null 2>report.err || fail "report over PostgreSQL"
for file in sales_report.csv funnel.csv daily_trends.csv hourly_trends.csv product_performance.csv sessions.csv; do
  diff -q "batch/$file" "streamed/$file" >/dev/null || fail "$file differs: $(diff "batch/$file" "streamed/$file" | head -5)"
done
unbalanced=$(psql -tA "$pg" -c \
  "SELECT COUNT(*) FROM stream_offsets WHERE consumed <> valid + quarantined + duplicates + late OR consumed <> next_offset")
[[ $unbalanced == 0 ]] || fail "$unbalanced partition(s) do not account for every message"
echo "stream_postgres: ok"
