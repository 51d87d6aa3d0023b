#!/usr/bin/env bash
# Replay equals batch: events replayed into Kafka with `produce --events`,
# streamed into a fresh database with `stream --until-idle`, then `report`,
# give the same report files as `run --events` into another fresh database —
# on clean clickstream data and on dirty seed-001 data (bad records,
# duplicates, a truncated part and a corrupt archive).
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"

# replay_case NAME [generate flags...]
replay_case() {
  local name=$1
  shift
  mkdir "$name"
  generate_events "sqlite:$name/catalog.db" "$name/events" --weeks 1 --parts-per-day 2 "$@"
  cp "$name/catalog.db" "$name/batch.db"
  cp "$name/catalog.db" "$name/stream.db"

  local status=0
  "$ECOMFLOW" --db "sqlite:$name/batch.db" run --events "$name/events" --reports "$name/batch" --no-progress \
    --fail-on never >"$name/run.out" 2>"$name/run.err" || status=$?
  local expected_status=$status

  status=0
  "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --topic "$name" --events "$name/events" --no-progress \
    >"$name/produce.out" 2>"$name/produce.err" || status=$?
  [[ $status -eq $expected_status ]] || { cat "$name/produce.err" >&2; fail "$name: produce exited $status, run exited $expected_status"; }
  # A replay of archives spread over days: no event is late.
  "$ECOMFLOW" --db "sqlite:$name/stream.db" stream --brokers "$BOOTSTRAP" --topic "$name" --group replay \
    --until-idle 1 --lateness 5256000 >"$name/stream.out" 2>"$name/stream.err" || fail "$name: stream failed"
  "$ECOMFLOW" --db "sqlite:$name/stream.db" report --reports "$name/streamed" >/dev/null 2>"$name/report.err" ||
    fail "$name: report over the streamed database failed"

  local compared=0
  for file in "$name"/batch/*.csv; do
    local base
    base=$(basename "$file")
    diff -q "$file" "$name/streamed/$base" >/dev/null ||
      fail "$name: $base differs: $(diff "$file" "$name/streamed/$base" | head -5)"
    compared=$((compared + 1))
  done
  [[ $compared -ge 10 ]] || fail "$name: only $compared report files compared"
  [[ -s "$name/batch/sales_report.csv" ]] || fail "$name: empty sales report"

  # The stream's product metrics agree with the batch's product performance.
  python3 - "$name/batch/product_performance.csv" >"$name/products.batch" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    counts = [row[k] for k in ("views", "add_to_cart", "remove_from_cart", "purchases", "units")]
    if any(c != "0" for c in counts):
        print("|".join([row["product_id"]] + counts + [row["revenue"]]))
PY
  sqlite3 "$name/stream.db" "SELECT product_id, product_views, cart_adds, cart_removes, purchases, units,
      printf('%.2f', revenue_cents / 100.0) FROM stream_product_metrics
      WHERE product_views + cart_adds + cart_removes + purchases > 0 ORDER BY product_id" >"$name/products.stream"
  sort -o "$name/products.batch" "$name/products.batch"
  [[ -s "$name/products.batch" ]] || fail "$name: no product activity"
  diff -q "$name/products.batch" "$name/products.stream" >/dev/null ||
    fail "$name: product metrics differ: $(diff "$name/products.batch" "$name/products.stream" | head -5)"

  # The sessions the stream cut and stored as they closed are the batch's
  # sessions.csv, and none is left open after --until-idle.
  session_lines csv "$name/batch/sessions.csv" >"$name/sessions.batch"
  session_lines db "$name/stream.db" >"$name/sessions.stream"
  [[ $(wc -l <"$name/sessions.batch") -gt 20 ]] || fail "$name: too few sessions to compare"
  diff -q "$name/sessions.batch" "$name/sessions.stream" >/dev/null ||
    fail "$name: sessions differ: $(diff "$name/sessions.batch" "$name/sessions.stream" | head -5)"
  [[ $(session_lines db "$name/stream.db" 1 | wc -l) == 0 ]] || fail "$name: open sessions after --until-idle"

  # Every message has exactly one outcome, per partition.
  local unbalanced
  unbalanced=$(sqlite3 "$name/stream.db" \
    "SELECT COUNT(*) FROM stream_offsets WHERE consumed <> valid + quarantined + duplicates + late OR consumed <> next_offset")
  [[ $unbalanced == 0 ]] || fail "$name: $unbalanced partition(s) do not account for every message"
  local batch_counts stream_counts
  batch_counts=$(sqlite3 "$name/batch.db" "SELECT valid, quarantined, duplicates FROM pipeline_runs ORDER BY run_id DESC LIMIT 1")
  stream_counts=$(sqlite3 "$name/stream.db" "SELECT SUM(valid), SUM(quarantined), SUM(duplicates) FROM stream_offsets")
  echo "$name: batch $batch_counts, stream $stream_counts"
}

start_mock 4 clean
replay_case clean --profile clickstream --events-per-part 60
stop_mock
start_mock 4 dirty
replay_case dirty --profile seed001 --events-per-part 40 --dirty-rate 0.1
echo "stream_replay: ok"
