#include "store/report_checkpoint.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "core/quarantine.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// Bumped whenever the bytes of a state or an event change meaning: an
/// older checkpoint is then ignored and rebuilt by one full replay.
/// 2: the closed sessions are stored as a report, the log keeps only open ones.
constexpr int64_t kFormatVersion = 2;
/// Events per stored part: about 1.9 MB of bytes, 2.5 MB of text.
constexpr size_t kEventsPerPart = 65'536;
/// time, session key, customer, product, quantity, type.
constexpr size_t kEventBytes = 8 + 8 + 4 + 4 + 4 + 1;

int64_t to_integer(const std::optional<std::string>& text) {
  int64_t value = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

template <typename T>
void put(std::string& bytes, T value) {
  bytes.append(reinterpret_cast<const char*>(&value), sizeof(value));
}

template <typename T>
T take(const char*& at) {
  T value;
  std::memcpy(&value, at, sizeof(value));
  at += sizeof(value);
  return value;
}

}  // namespace

std::optional<ReportCheckpoint> read_report_checkpoint(Database& database) {
  const QueryResult result = database.query(
      "SELECT format_version, settings, fact_events, sales_facts, counters, closed_sessions "
      "FROM report_checkpoint WHERE checkpoint_id = 1");
  if (result.rows.empty() || to_integer(result.rows[0][0]) != kFormatVersion) return std::nullopt;
  const auto& row = result.rows[0];
  auto counters = base64_decode(row[4].value_or(""));
  auto sessions = base64_decode(row[5].value_or(""));
  if (!counters || !sessions) return std::nullopt;
  return ReportCheckpoint{row[1].value_or(""), to_integer(row[2]), to_integer(row[3]), std::move(*counters),
                          std::move(*sessions)};
}

void write_report_checkpoint(Database& database, const ReportCheckpoint& checkpoint) {
  database.execute("DELETE FROM report_checkpoint");
  database.query(
      "INSERT INTO report_checkpoint (checkpoint_id, format_version, settings, fact_events, sales_facts, "
      "counters, closed_sessions) "
      "VALUES (1, $1, $2, $3, $4, $5, $6)",
      {std::to_string(kFormatVersion), checkpoint.settings, std::to_string(checkpoint.fact_events),
       std::to_string(checkpoint.sales_facts), base64_encode(checkpoint.counters),
       base64_encode(checkpoint.closed_sessions)});
}

void clear_checkpoint_events(Database& database) { database.execute("DELETE FROM report_checkpoint_events"); }

void clear_report_checkpoint(Database& database) {
  database.execute("DELETE FROM report_checkpoint");
  database.execute("DELETE FROM report_checkpoint_events");
}

std::pair<int64_t, int64_t> stored_fact_counts(Database& database) {
  const QueryResult result = database.query(warehouse_sql(
      database, "SELECT (SELECT COUNT(*) FROM warehouse.fact_events), (SELECT COUNT(*) FROM sales_facts)"));
  return {to_integer(result.rows.at(0)[0]), to_integer(result.rows.at(0)[1])};
}

void CheckpointEventWriter::add(std::span<const Event> events) {
  for (const Event& event : events) {
    put(bytes_, event.time);
    put(bytes_, event.session_key);
    put(bytes_, event.customer);
    put(bytes_, event.product);
    put(bytes_, event.quantity);
    put(bytes_, uint8_t(event.type));
    if (bytes_.size() == kEventsPerPart * kEventBytes) store_part();
  }
  stored_ += int64_t(events.size());
}

int64_t CheckpointEventWriter::finish() {
  if (!bytes_.empty()) store_part();
  return stored_;
}

void CheckpointEventWriter::store_part() {
  database_.query("INSERT INTO report_checkpoint_events (run_id, part, events) VALUES ($1, $2, $3)",
                  {std::to_string(run_id_), std::to_string(part_++), base64_encode(bytes_)});
  bytes_.clear();
}

int64_t replay_checkpoint_events(Database& database,
                                 const std::function<void(std::span<const Event>)>& consume) {
  // One part at a time: the log's text never sits in memory whole.
  const QueryResult parts =
      database.query("SELECT run_id, part FROM report_checkpoint_events ORDER BY run_id, part");
  std::vector<Event> batch;
  int64_t streamed = 0;
  for (const auto& key : parts.rows) {
    const QueryResult text = database.query(
        "SELECT events FROM report_checkpoint_events WHERE run_id = $1 AND part = $2", {key[0], key[1]});
    const auto bytes = text.rows.empty() ? std::nullopt : base64_decode(text.rows[0][0].value_or(""));
    if (!bytes || bytes->size() % kEventBytes != 0)
      throw UserError(
          fmt::format("report_checkpoint_events holds an unreadable part (run {}, part {}); "
                      "run with --full-refresh to rebuild it",
                      key[0].value_or("?"), key[1].value_or("?")));
    batch.resize(bytes->size() / kEventBytes);
    const char* at = bytes->data();
    for (Event& event : batch) {
      event = Event{};
      event.time = take<TimestampUs>(at);
      event.session_key = take<uint64_t>(at);
      event.customer = take<uint32_t>(at);
      event.product = take<uint32_t>(at);
      event.quantity = take<int32_t>(at);
      event.type = EventType(take<uint8_t>(at));
    }
    streamed += int64_t(batch.size());
    consume(batch);
  }
  return streamed;
}

}  // namespace ecomflow
