#!/usr/bin/env bash
# `kafka-mock`: BOOTSTRAP=host:port first, brokers that accept connections,
# a clean exit on SIGTERM, and usage errors for bad flags.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"

start_mock 3 clicks
[[ "$BOOTSTRAP" =~ ^127\.0\.0\.1:[0-9]+$ ]] || fail "BOOTSTRAP is '$BOOTSTRAP'"
port=${BOOTSTRAP##*:}
(exec 3<>"/dev/tcp/127.0.0.1/$port") || fail "nothing listens on $BOOTSTRAP"
grep -q "topic clicks with 3 partition(s)" mock.out || fail "no topic line: $(cat mock.out)"

# A control line is applied and the cluster goes on.
mock_control "broker-down 1"
mock_control "broker-up 1"
mock_control "no-such-command"
for _ in $(seq 1 50); do grep -q "unknown control line" mock.err && break; sleep 0.1; done
grep -q "broker-down 1" mock.err || fail "broker-down was not applied: $(cat mock.err)"
kill -0 "$mock_pid" || fail "kafka-mock died on a control line"

status=0
stop_mock || status=$?
[[ $status -eq 0 ]] || fail "kafka-mock exited $status on SIGTERM"

status=0
"$ECOMFLOW" kafka-mock --partitions 0 >/dev/null 2>&1 || status=$?
[[ $status -eq 2 ]] || fail "--partitions 0 exited $status, expected 2"
echo "kafka_mock: ok"
