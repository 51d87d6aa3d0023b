#!/usr/bin/env bash
# An idle partition does not hold windows open: once a partition has had no
# message for --idle-timeout, its watermark follows the active partitions
# and its windows close, with no new data of its own.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:shop.db events --weeks 1 --parts-per-day 1 --events-per-part 5
start_mock 2

# The partition of a key, as the producer's murmur2 partitioner picks it.
partition_of() {
  python3 - "$1" <<'PY'
import sys
data = sys.argv[1].encode()
m, r = 0x5bd1e995, 24
h = (0x9747b28c ^ len(data)) & 0xffffffff
for i in range(0, len(data) - len(data) % 4, 4):
    k = int.from_bytes(data[i:i + 4], "little")
    k = (k * m) & 0xffffffff; k ^= k >> r; k = (k * m) & 0xffffffff
    h = (h * m) & 0xffffffff; h ^= k
rest = data[len(data) - len(data) % 4:]
if len(rest) >= 3: h ^= rest[2] << 16
if len(rest) >= 2: h ^= rest[1] << 8
if len(rest) >= 1:
    h ^= rest[0]; h = (h * m) & 0xffffffff
h ^= h >> 13; h = (h * m) & 0xffffffff; h ^= h >> 15
print((h & 0x7fffffff) % 2)
PY
}
quiet=c001
busy=""
for candidate in c002 c003 c004 c005 c006 c007 c008 c009; do
  if [[ $(partition_of $candidate) != $(partition_of $quiet) ]]; then busy=$candidate; break; fi
done
[[ -n $busy ]] || fail "no customer on the other partition"
quiet_partition=$(partition_of $quiet)

mkdir input
{
  printf '{"timestamp": "2024-03-01T10:00:05Z", "customer_id": "%s", "event_type": "page_view"}\n' $quiet
  for minute in 00 15 30 45; do
    for hour in 10 11; do
      printf '{"timestamp": "2024-03-01T%s:%s:00Z", "customer_id": "%s", "event_type": "page_view"}\n' $hour $minute $busy
    done
  done
} >input/a.ndjson
"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events input --no-progress >/dev/null 2>produce.err || fail "produce"
# The quiet partition's own watermark stays at 09:50:05; the busy one's reaches 11:35.
"$ECOMFLOW" --db sqlite:shop.db stream --brokers "$BOOTSTRAP" --group g --idle-timeout 2 --commit-interval 0.2 \
  --lateness 10 >stream.out 2>stream.err &
stream_pid=$!
background_pids+=($stream_pid)
# The busy partition keeps receiving events, so it is never idle and the
# stream's watermark comes from it, not from the clock.
closed=""
for step in $(seq 10 59); do
  mkdir -p "more$step"
  printf '{"timestamp": "2024-03-01T12:%s:00Z", "customer_id": "%s", "event_type": "page_view"}\n' $step $busy \
    >"more$step/a.ndjson"
  "$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events "more$step" --no-progress >/dev/null 2>>produce.err ||
    fail "produce"
  closed=$(sqlite3 shop.db "SELECT closed FROM stream_window_partitions WHERE partition_id = $quiet_partition AND window_seconds = 60" 2>/dev/null || true)
  [[ $closed == 1 ]] && break
  sleep 0.3
done
[[ $closed == 1 ]] || fail "the idle partition's window did not close (closed='$closed')"
open=$(sqlite3 shop.db "SELECT COUNT(*) FROM stream_window_partitions WHERE partition_id <> $quiet_partition AND closed = 0")
[[ $open -gt 0 ]] || fail "every window of the busy partition is closed: the clock, not the busy partition, moved the watermark"
watermark=$(sqlite3 shop.db "SELECT watermark FROM stream_offsets WHERE partition_id = $quiet_partition")
[[ $watermark > "2024-03-01 11:00" ]] || fail "the idle partition's watermark is $watermark"
kill -TERM $stream_pid
status=0
wait $stream_pid || status=$?
[[ $status -eq 0 ]] || fail "stream exited $status on SIGTERM"
echo "stream_idle: ok"
