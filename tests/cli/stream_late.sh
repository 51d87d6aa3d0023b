#!/usr/bin/env bash
# Late events: within --lateness they update their window again (the row is
# upserted with the new count); beyond it they go to late_events, whole and
# counted, and their window is left as it closed.
source "$ECOMFLOW_SOURCE_DIR/tests/support/kafka_mock.sh"
generate_events sqlite:shop.db events --weeks 1 --parts-per-day 1 --events-per-part 5
start_mock 1

event() {  # event TIME TYPE
  printf '{"timestamp": "2024-03-01T%sZ", "customer_id": "c001", "event_type": "%s", "product_id": "p001"}\n' "$1" "$2"
}
mkdir first second
{ event 10:00:10 view_product; event 10:08:00 view_product; } >first/a.ndjson
{
  event 10:00:40 view_product  # after 10:08:00 but within 10 minutes: window 10:00 again
  event 10:30:00 view_product  # the watermark moves to 10:20:00
  event 10:05:00 view_product  # 15 minutes behind the watermark: late
  event 10:19:59 view_product  # 1 second behind: late
  event 10:20:00 view_product  # exactly at the watermark: on time
} >second/b.ndjson

stream() {
  "$ECOMFLOW" --db sqlite:shop.db stream --brokers "$BOOTSTRAP" --group g --until-idle 0.5 \
    --commit-interval 0.2 --lateness 10 >>stream.out 2>>stream.err || fail "stream failed"
}
minute() {  # minute HH:MM: events of that 1-minute window
  sqlite3 shop.db "SELECT events || '/' || closed FROM stream_windows WHERE window_seconds = 60 AND window_start = '2024-03-01 $1:00'"
}

"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events first --no-progress >/dev/null 2>produce.err || fail "produce"
stream
[[ $(minute 10:00) == "1/1" ]] || fail "window 10:00 after the first part: $(minute 10:00)"

"$ECOMFLOW" produce --brokers "$BOOTSTRAP" --events second --no-progress >/dev/null 2>>produce.err || fail "produce"
stream
[[ $(minute 10:00) == "2/1" ]] || fail "window 10:00 was not updated by the event within the bound: $(minute 10:00)"
[[ $(minute 10:05) == "" ]] || fail "the late event reached window 10:05: $(minute 10:05)"
[[ $(minute 10:19) == "" ]] || fail "the late event reached window 10:19: $(minute 10:19)"
[[ $(minute 10:20) == "1/1" ]] || fail "the event at the watermark is missing: $(minute 10:20)"

late=$(sqlite3 shop.db "SELECT kafka_offset, event_time, watermark, late_seconds FROM late_events ORDER BY kafka_offset" | tr '\n' ' ')
[[ $late == "4|2024-03-01 10:05:00|2024-03-01 10:20:00|900.0 5|2024-03-01 10:19:59|2024-03-01 10:20:00|1.0 " ]] ||
  fail "late_events: $late"
raw=$(sqlite3 shop.db "SELECT raw FROM late_events WHERE kafka_offset = 4")
[[ "$raw" == "$(sed -n 3p second/b.ndjson)" ]] || fail "late event text changed: $raw"
counts=$(sqlite3 shop.db "SELECT consumed, valid, quarantined, duplicates, late FROM stream_offsets")
[[ $counts == "7|5|0|0|2" ]] || fail "partition counts: $counts"
hour=$(sqlite3 shop.db "SELECT events FROM stream_windows WHERE window_seconds = 3600")
[[ $hour == 5 ]] || fail "hour window: $hour"
facts=$(sqlite3 shop.db "SELECT COUNT(*) FROM warehouse_fact_events")
[[ $facts == 5 ]] || fail "late events reached the facts: $facts rows"
echo "stream_late: ok"
