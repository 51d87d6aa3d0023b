#!/usr/bin/env bash
# `produce`: live generated traffic arrives whole and valid; usage errors,
# an unreachable broker and a missing topic end with a clear message.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:shop.db events --weeks 1 --parts-per-day 1 --events-per-part 5
start_mock 2

"$ECOMFLOW" --db sqlite:shop.db produce --brokers "$BOOTSTRAP" --generate --rate 400 --duration 0.5 --no-progress \
  >produce.out 2>produce.err || fail "produce --generate failed"
grep -q "produced 200 messages to events: 200 delivered, 0 not delivered" produce.out || fail "$(cat produce.out)"
"$ECOMFLOW" --db sqlite:shop.db stream --brokers "$BOOTSTRAP" --until-idle 0.5 >stream.out 2>stream.err ||
  fail "stream failed"
counts=$(sqlite3 shop.db "SELECT SUM(consumed), SUM(valid) FROM stream_offsets")
[[ $counts == "200|200" ]] || fail "generated traffic: consumed|valid = $counts"
# Stamped with the current time.
age=$(sqlite3 shop.db "SELECT CAST((julianday('now') - julianday(MAX(event_time))) * 86400 AS INTEGER) FROM warehouse_fact_events")
[[ $age -ge 0 && $age -lt 600 ]] || fail "the newest generated event is $age seconds old"

expect_exit() {  # expect_exit CODE MESSAGE-REGEX COMMAND...
  local code=$1 pattern=$2 status=0
  shift 2
  "$@" >out.txt 2>err.txt || status=$?
  [[ $status -eq $code ]] || fail "$* exited $status, expected $code: $(cat err.txt)"
  grep -Eq "$pattern" err.txt || fail "$*: no '$pattern' in: $(cat err.txt)"
}
expect_exit 2 "exactly one of --events" "$ECOMFLOW" produce --brokers "$BOOTSTRAP"
expect_exit 2 "KEY=VALUE" "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events events --kafka nonsense
expect_exit 1 "is not a directory" "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events missing
expect_exit 1 "cannot reach the Kafka brokers at 127.0.0.1:1" \
  "$ECOMFLOW" produce --brokers 127.0.0.1:1 --events events --connect-timeout 1
expect_exit 1 "topic 'nope' is not available" \
  "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --topic nope --events events --connect-timeout 2
expect_exit 1 "cannot reach the Kafka brokers" \
  "$ECOMFLOW" --db sqlite:shop.db stream --brokers 127.0.0.1:1 --connect-timeout 1 --until-idle 1
expect_exit 1 "topic 'nope' is not available" \
  "$ECOMFLOW" --db sqlite:shop.db stream --brokers "$BOOTSTRAP" --topic nope --connect-timeout 2 --until-idle 1
expect_exit 1 "catalog .* is empty" \
  "$ECOMFLOW" --db sqlite:empty.db stream --brokers "$BOOTSTRAP" --until-idle 1
echo "stream_produce: ok"
