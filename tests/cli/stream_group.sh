#!/usr/bin/env bash
# Two `stream` processes in one consumer group split the partitions and
# together leave the same tables as one process alone.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:catalog.db events --weeks 1 --parts-per-day 2 --events-per-part 100 --profile clickstream \
  --dirty-rate 0.05
start_mock 4
status=0
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events events --no-progress >produce.out 2>produce.err || status=$?
[[ $status -eq 0 || $status -eq 3 ]] || fail "produce exited $status"
cp catalog.db one.db
cp catalog.db two.db
kafka=(--kafka session.timeout.ms=3000 --kafka heartbeat.interval.ms=300)

"$ECOMFLOW" --db sqlite:one.db stream --brokers "$BOOTSTRAP" --group alone --until-idle 1 --lateness 30 \
  "${kafka[@]}" >one.out 2>one.err || fail "the single consumer failed"

pids=()
for member in a b; do
  "$ECOMFLOW" --db sqlite:two.db stream --brokers "$BOOTSTRAP" --group pair --until-idle 2 --lateness 30 \
    --commit-interval 0.2 "${kafka[@]}" >"$member.out" 2>"$member.err" &
  pids+=($!)
  background_pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "a group member failed"; done
grep -h "assigned" a.err b.err | head -8 >&2 || true

table_dump one.db >one.dump
table_dump two.db >two.dump
[[ $(grep -c '^event' one.dump) -gt 500 ]] || fail "too few facts: $(grep -c '^event' one.dump)"
diff -q one.dump two.dump >/dev/null || fail "tables differ: $(diff one.dump two.dump | head -10)"
echo "stream_group: ok"
