#include "store/ledger_store.hpp"

#include <fmt/format.h>

#include <algorithm>
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

/// `bad_timestamp=3,missing_field=2`: the non-zero counts by reason name.
std::string reason_counts_text(const ReasonCounts& counts) {
  std::string text;
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    if (counts[i] == 0) continue;
    fmt::format_to(std::back_inserter(text), "{}{}={}", text.empty() ? "" : ",",
                   quarantine_reason_name(QuarantineReason(i)), counts[i]);
  }
  return text;
}

ReasonCounts parse_reason_counts(const std::string& text) {
  ReasonCounts counts{};
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const size_t equals = item.find('=');
    if (equals != std::string::npos) {
      if (const auto reason = parse_quarantine_reason(item.substr(0, equals)))
        counts[int(*reason)] = std::stoll(item.substr(equals + 1));
    }
    start = end + 1;
  }
  return counts;
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
  record_run_inputs(database, run_id, totals);
}

void record_run_inputs(Database& database, int64_t run_id, const RunTotals& totals) {
  if (!totals.inputs) return;
  const RunInputs& inputs = *totals.inputs;
  database.query(
      "UPDATE pipeline_runs SET inputs_seen = $2, inputs_skipped = $3, bytes_read = $4, bytes_decoded = $5, "
      "quarantined_by_reason = $6, file_problems_by_reason = $7 WHERE run_id = $1",
      {std::to_string(run_id), std::to_string(inputs.inputs_seen), std::to_string(inputs.inputs_skipped),
       std::to_string(inputs.bytes_read), std::to_string(inputs.bytes_decoded),
       reason_counts_text(inputs.quarantined_by_reason), reason_counts_text(inputs.file_problems_by_reason)});
}

void set_run_elapsed(Database& database, int64_t run_id, double elapsed_seconds) {
  database.query("UPDATE pipeline_runs SET elapsed_seconds = $2 WHERE run_id = $1",
                 {std::to_string(run_id), fmt::format("{:.6f}", elapsed_seconds)});
}

void append_run_message(Database& database, int64_t run_id, const std::string& text) {
  database.query(
      "UPDATE pipeline_runs SET message = CASE WHEN message IS NULL OR message = '' THEN $2 "
      "ELSE message || '; ' || $2 END WHERE run_id = $1",
      {std::to_string(run_id), text});
}

bool has_files_of_other_runs(Database& database, int64_t run_id) {
  return !database.query("SELECT 1 FROM ingest_ledger WHERE run_id <> $1 LIMIT 1", {std::to_string(run_id)})
              .rows.empty();
}

void record_run_progress(Database& database, int64_t run_id, const RunTotals& totals) {
  database.query(
      "UPDATE pipeline_runs SET status = $2, records_read = $3, valid = $4, quarantined = $5, duplicates = "
      "$6, "
      "files_read = $7, files_quarantined = $8, elapsed_seconds = $9, message = $10 WHERE run_id = $1",
      {std::to_string(run_id), totals.status, std::to_string(totals.records_read),
       std::to_string(totals.valid), std::to_string(totals.quarantined), std::to_string(totals.duplicates),
       std::to_string(totals.files_read), std::to_string(totals.files_quarantined),
       fmt::format("{:.6f}", totals.elapsed_seconds), totals.message});
  record_run_inputs(database, run_id, totals);
}

void end_run(Database& database, int64_t run_id, const std::string& status, const std::string& message,
             double elapsed_seconds) {
  database.query(
      "UPDATE pipeline_runs SET finished_at = $2, status = $3, message = $4, elapsed_seconds = $5 "
      "WHERE run_id = $1",
      {std::to_string(run_id), now_text(), status, message, fmt::format("{:.6f}", elapsed_seconds)});
}

std::vector<int64_t> fail_unfinished_runs(Database& database) {
  const auto unfinished = database.query("SELECT run_id FROM pipeline_runs WHERE finished_at IS NULL");
  std::vector<int64_t> ids;
  for (const auto& row : unfinished.rows) ids.push_back(to_integer(row[0]));
  if (ids.empty()) return ids;
  // The run lock dies with its process, so a run nobody holds the lock for
  // ended without saying so: crashed, killed, or its database went away.
  // Its load was one transaction: committed if it got to `loaded`, else
  // rolled back.
  database.query(
      "UPDATE pipeline_runs SET finished_at = $1, status = 'failed', message = CASE status "
      "WHEN 'loaded' THEN 'stopped after its load committed (crashed or killed): the warehouse and ledger "
      "hold "
      "its inputs, its reports were not published' "
      "ELSE 'stopped before its load committed (crashed or killed): nothing loaded, nothing published' END "
      "WHERE finished_at IS NULL",
      {now_text()});
  return ids;
}

std::optional<RunRecord> unfinished_run(Database& database) {
  const auto result = database.query(
      "SELECT run_id, CAST(started_at AS TEXT), status FROM pipeline_runs WHERE finished_at IS NULL "
      "ORDER BY run_id DESC LIMIT 1");
  if (result.rows.empty()) return std::nullopt;
  RunRecord run{to_integer(result.rows[0][0]), result.rows[0][1].value_or(""), "", {}};
  run.totals.status = result.rows[0][2].value_or("");
  return run;
}

std::vector<RunRecord> recent_runs(Database& database, int limit) {
  // A database not yet migrated to 007 (read by a command that does not migrate) lacks the columns.
  const auto columns = database.query("SELECT * FROM pipeline_runs LIMIT 0").columns;
  const bool has_accounting = std::find(columns.begin(), columns.end(), "inputs_seen") != columns.end();
  const auto result = database.query(
      "SELECT run_id, CAST(started_at AS TEXT), CAST(finished_at AS TEXT), status, records_read, valid, "
      "quarantined, "
      "duplicates, files_read, files_quarantined, elapsed_seconds, message, " +
          std::string(has_accounting ? "inputs_seen, inputs_skipped, bytes_read, bytes_decoded, "
                                       "quarantined_by_reason, file_problems_by_reason"
                                     : "NULL, NULL, NULL, NULL, NULL, NULL") +
          " FROM pipeline_runs ORDER BY run_id DESC LIMIT $1",
      {std::to_string(limit)});
  std::vector<RunRecord> runs;
  for (const auto& row : result.rows) {
    RunRecord run{to_integer(row[0]), row[1].value_or(""), row[2].value_or(""), {}};
    run.totals = {
        row[3].value_or(""),  to_integer(row[4]), to_integer(row[5]), to_integer(row[6]),
        to_integer(row[7]),   to_integer(row[8]), to_integer(row[9]), row[10] ? std::stod(*row[10]) : 0.0,
        row[11].value_or(""), std::nullopt};
    if (row[12] && row[16] && row[17]) {
      run.totals.inputs =
          RunInputs{to_integer(row[12]), to_integer(row[13]),           to_integer(row[14]),
                    to_integer(row[15]), parse_reason_counts(*row[16]), parse_reason_counts(*row[17])};
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

std::optional<ProcessedFile> find_processed(Database& database, int64_t size,
                                            const std::string& content_hash) {
  const auto result = database.query(
      "SELECT file_id, path, run_id FROM ingest_ledger WHERE size = $1 AND content_hash = $2 "
      "ORDER BY file_id LIMIT 1",
      {std::to_string(size), content_hash});
  if (result.rows.empty()) return std::nullopt;
  const auto& row = result.rows[0];
  return ProcessedFile{to_integer(row[0]), row[1].value_or(""), to_integer(row[2])};
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
       "raw_encoding", "raw_original_bytes"},
      [&](std::vector<std::optional<std::string>>& row) {
        if (!next(record)) return false;
        row = {
            std::to_string(run_id),
            optional_text(file_id),
            std::string(quarantine_reason_name(record.reason)),
            storable(record.detail),
            storable(record.source.file),
            storable(record.source.entry),
            optional_text(record.source.index >= 0 ? std::optional<int64_t>(record.source.index)
                                                   : std::nullopt),
            record.raw,
            record.raw_encoding == RawEncoding::kBase64 ? std::optional<std::string>("base64") : std::nullopt,
            optional_text(record.raw_original_bytes >= 0 ? std::optional<int64_t>(record.raw_original_bytes)
                                                         : std::nullopt)};
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
