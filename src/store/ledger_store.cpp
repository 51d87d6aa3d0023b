#include "store/ledger_store.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/error.hpp"
#include "core/logging.hpp"

namespace ecomflow {
namespace {

std::string now_text() { return format_timestamp(now_utc() / kMicrosPerSecond * kMicrosPerSecond); }

int64_t to_integer(const std::optional<std::string>& text) { return text ? std::stoll(*text) : 0; }

/// The id a `... RETURNING id` statement produced.
int64_t returned_id(const QueryResult& result) {
  ECOMFLOW_CHECK_EQ(result.rows.size(), size_t{1});
  return to_integer(result.rows[0][0]);
}

std::optional<std::string> optional_text(std::optional<int64_t> value) {
  return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

}  // namespace

int64_t begin_run(Database& database) {
  return returned_id(
      database.query("INSERT INTO pipeline_runs (started_at, status) VALUES ($1, 'running') RETURNING run_id",
                     {now_text()}));
}

void finish_run(Database& database, int64_t run_id, const RunTotals& totals) {
  database.query(
      "UPDATE pipeline_runs SET finished_at = $2, status = $3, records_read = $4, valid = $5, quarantined = "
      "$6, "
      "duplicates = $7, files_read = $8, files_quarantined = $9, elapsed_seconds = $10, message = $11 "
      "WHERE run_id = $1",
      {std::to_string(run_id), now_text(), totals.status, std::to_string(totals.records_read),
       std::to_string(totals.valid), std::to_string(totals.quarantined), std::to_string(totals.duplicates),
       std::to_string(totals.files_read), std::to_string(totals.files_quarantined),
       fmt::format("{:.6f}", totals.elapsed_seconds), totals.message});
}

std::vector<RunRecord> recent_runs(Database& database, int limit) {
  const auto result = database.query(
      "SELECT run_id, CAST(started_at AS TEXT), CAST(finished_at AS TEXT), status, records_read, valid, "
      "quarantined, "
      "duplicates, files_read, files_quarantined, elapsed_seconds, message FROM pipeline_runs "
      "ORDER BY run_id DESC LIMIT $1",
      {std::to_string(limit)});
  std::vector<RunRecord> runs;
  for (const auto& row : result.rows) {
    RunRecord run{to_integer(row[0]), row[1].value_or(""), row[2].value_or(""), {}};
    run.totals = {
        row[3].value_or(""), to_integer(row[4]), to_integer(row[5]), to_integer(row[6]),
        to_integer(row[7]),  to_integer(row[8]), to_integer(row[9]), row[10] ? std::stod(*row[10]) : 0.0,
        row[11].value_or("")};
    runs.push_back(std::move(run));
  }
  return runs;
}

std::optional<int64_t> find_processed(Database& database, const std::string& path,
                                      const std::string& content_hash) {
  const auto result = database.query(
      "SELECT file_id FROM ingest_ledger WHERE path = $1 AND content_hash = $2", {path, content_hash});
  if (result.rows.empty()) return std::nullopt;
  return to_integer(result.rows[0][0]);
}

int64_t record_file(Database& database, int64_t run_id, const std::string& path, int64_t size,
                    const std::string& content_hash, int64_t records_read) {
  return returned_id(database.query(
      "INSERT INTO ingest_ledger (path, size, content_hash, run_id, processed_at, records_read) "
      "VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (path, content_hash) DO UPDATE SET size = excluded.size, run_id = excluded.run_id, "
      "processed_at = excluded.processed_at, records_read = excluded.records_read RETURNING file_id",
      {path, std::to_string(size), content_hash, std::to_string(run_id), now_text(),
       std::to_string(records_read)}));
}

namespace {
/// A name from disk may be any bytes; PostgreSQL's text takes only UTF-8 without NUL.
std::string storable(const std::string& text) { return is_storable_text(text) ? text : printable_text(text); }
}  // namespace

void insert_quarantine(Database& database, int64_t run_id, std::optional<int64_t> file_id,
                       const std::function<bool(QuarantineRecord&)>& next) {
  QuarantineRecord record;
  database.bulk_insert(
      "quarantine",
      {"run_id", "file_id", "reason", "detail", "source_file", "source_entry", "record_index", "raw",
       "raw_encoding"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (!next(record)) return false;
        row = {std::to_string(run_id),
               optional_text(file_id),
               std::string(quarantine_reason_name(record.reason)),
               storable(record.detail),
               storable(record.source.file),
               storable(record.source.entry),
               optional_text(record.source.index >= 0 ? std::optional<int64_t>(record.source.index)
                                                      : std::nullopt),
               record.raw,
               record.raw_encoding == RawEncoding::kBase64 ? std::optional<std::string>("base64")
                                                           : std::nullopt};
        return true;
      });
}

void insert_quarantine(Database& database, int64_t run_id, std::optional<int64_t> file_id,
                       const std::vector<QuarantineRecord>& records) {
  size_t next = 0;
  insert_quarantine(database, run_id, file_id, [&](QuarantineRecord& record) {
    if (next == records.size()) return false;
    record = records[next++];
    return true;
  });
}

int64_t insert_sales_facts(Database& database, const std::function<bool(int64_t&, SalesFactRow&)>& next) {
  int64_t file_id = 0;
  SalesFactRow fact;
  return database.bulk_insert(
      "sales_facts", {"file_id", "event_time", "customer_id", "product_id", "quantity", "unit_price_cents"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (!next(file_id, fact)) return false;
        row = {std::to_string(file_id),
               format_timestamp(fact.event_time, false),
               fact.customer_id,
               fact.product_id,
               std::to_string(fact.quantity),
               std::to_string(fact.unit_price_cents)};
        return true;
      });
}

void insert_sales_facts(Database& database, int64_t file_id, const std::vector<SalesFactRow>& rows) {
  size_t next = 0;
  insert_sales_facts(database, [&](int64_t& file, SalesFactRow& fact) {
    if (next == rows.size()) return false;
    file = file_id;
    fact = rows[next++];
    return true;
  });
}

int64_t delete_sales_facts_between(Database& database, DayNumber from, DayNumber to) {
  // event_time is ISO text on SQLite and TIMESTAMP on PostgreSQL; both order
  // correctly against `YYYY-MM-DD` bounds.
  const SqlParams range{format_date(from), format_date(to + 1)};
  const auto counted =
      database.query("SELECT COUNT(*) FROM sales_facts WHERE event_time >= $1 AND event_time < $2", range);
  database.query("DELETE FROM sales_facts WHERE event_time >= $1 AND event_time < $2", range);
  return std::stoll(counted.rows.at(0).at(0).value_or("0"));
}

void for_each_sales_fact(Database& database, const std::function<void(const SalesFactRow&)>& visit) {
  // One query per file (by the file_id index), so only one file's purchases
  // are in memory at a time, not every purchase ever stored.
  const QueryResult files =
      database.query("SELECT file_id FROM sales_facts GROUP BY file_id ORDER BY file_id");
  SalesFactRow fact;
  for (const auto& file : files.rows) {
    const QueryResult result = database.query(
        "SELECT CAST(event_time AS TEXT), customer_id, product_id, quantity, unit_price_cents "
        "FROM sales_facts WHERE file_id = $1 ORDER BY event_time",
        {file[0]});
    for (const auto& row : result.rows) {
      const auto time = parse_timestamp(row[0].value_or(""));
      if (!time)
        throw UserError(fmt::format("bad event_time '{}' in table 'sales_facts' of {}",
                                    row[0].value_or("NULL"), database.display_name()));
      fact = {*time, row[1].value_or(""), row[2].value_or(""), to_integer(row[3]), to_integer(row[4])};
      visit(fact);
    }
  }
}

std::vector<SalesFactRow> read_sales_facts(Database& database) {
  std::vector<SalesFactRow> rows;
  for_each_sales_fact(database, [&](const SalesFactRow& fact) { rows.push_back(fact); });
  return rows;
}

void clear_pipeline_state(Database& database) {
  // No transaction of its own: a full refresh clears and reloads in the
  // caller's one transaction, so a crash in between loses nothing.
  database.execute("DELETE FROM sales_facts; DELETE FROM quarantine; DELETE FROM ingest_ledger");
}

}  // namespace ecomflow
