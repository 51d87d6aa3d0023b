#include "store/ledger_store.hpp"

#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

class LedgerStoreTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!IsSkipped()) migrate(db());
  }
  std::string count(const char* table) {
    return *db().query(std::string("SELECT COUNT(*) FROM ") + table).rows.at(0).at(0);
  }
};

TEST_P(LedgerStoreTest, RunLifecycle) {
  const int64_t first = begin_run(db());
  const int64_t second = begin_run(db());
  EXPECT_GT(second, first);
  RunTotals totals;
  totals.status = "partial";
  totals.records_read = 3500;
  totals.valid = 3400;
  totals.quarantined = 90;
  totals.duplicates = 10;
  totals.files_read = 35;
  totals.files_quarantined = 1;
  totals.elapsed_seconds = 1.25;
  totals.message = "1 unreadable file";
  finish_run(db(), first, totals);
  const auto runs = recent_runs(db(), 10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].run_id, second);
  EXPECT_EQ(runs[0].totals.status, "running");
  EXPECT_TRUE(runs[0].finished_at.empty());
  const RunRecord& finished = runs[1];
  EXPECT_EQ(finished.run_id, first);
  EXPECT_FALSE(finished.started_at.empty());
  EXPECT_FALSE(finished.finished_at.empty());
  EXPECT_EQ(finished.totals.status, "partial");
  EXPECT_EQ(finished.totals.records_read, 3500);
  EXPECT_EQ(finished.totals.valid, 3400);
  EXPECT_EQ(finished.totals.quarantined, 90);
  EXPECT_EQ(finished.totals.duplicates, 10);
  EXPECT_EQ(finished.totals.files_read, 35);
  EXPECT_EQ(finished.totals.files_quarantined, 1);
  EXPECT_DOUBLE_EQ(finished.totals.elapsed_seconds, 1.25);
  EXPECT_EQ(finished.totals.message, "1 unreadable file");
  EXPECT_EQ(recent_runs(db(), 1).size(), 1u);
  EXPECT_FALSE(finished.totals.inputs);  // not recorded: unknown, not zero
}

TEST_P(LedgerStoreTest, TheWholeAccountingIsStored) {
  const int64_t run = begin_run(db());
  RunTotals totals;
  totals.status = "partial";
  totals.records_read = 10;
  totals.valid = 6;
  totals.quarantined = 3;
  totals.duplicates = 1;
  RunInputs inputs;
  inputs.inputs_seen = 4;
  inputs.inputs_skipped = 1;
  inputs.bytes_read = 12345;
  inputs.bytes_decoded = 67890;
  inputs.quarantined_by_reason[int(QuarantineReason::kBadTimestamp)] = 2;
  inputs.quarantined_by_reason[int(QuarantineReason::kUnknownProduct)] = 1;
  inputs.file_problems_by_reason[int(QuarantineReason::kCorruptArchive)] = 1;
  totals.inputs = inputs;
  finish_run(db(), run, totals);
  set_run_elapsed(db(), run, 0.301);
  append_run_message(db(), run, "reports withheld: a failed");
  const RunRecord stored = recent_runs(db(), 1).at(0);
  ASSERT_TRUE(stored.totals.inputs);
  EXPECT_EQ(stored.totals.inputs->inputs_seen, 4);
  EXPECT_EQ(stored.totals.inputs->inputs_skipped, 1);
  EXPECT_EQ(stored.totals.inputs->bytes_read, 12345);
  EXPECT_EQ(stored.totals.inputs->bytes_decoded, 67890);
  EXPECT_EQ(stored.totals.inputs->quarantined_by_reason, inputs.quarantined_by_reason);
  EXPECT_EQ(stored.totals.inputs->file_problems_by_reason, inputs.file_problems_by_reason);
  EXPECT_DOUBLE_EQ(stored.totals.elapsed_seconds, 0.301);
  EXPECT_EQ(stored.totals.message, "reports withheld: a failed");
  EXPECT_FALSE(has_files_of_other_runs(db(), run));
  record_file(db(), run, "a.zip", 1, "h", 2);
  EXPECT_FALSE(has_files_of_other_runs(db(), run));
  EXPECT_TRUE(has_files_of_other_runs(db(), begin_run(db())));
}

TEST_P(LedgerStoreTest, UnfinishedRunsAreFailedSayingWhatWasLoaded) {
  const int64_t done = begin_run(db());
  RunTotals totals;
  totals.records_read = 10;
  totals.status = "loaded";
  record_run_progress(db(), done, totals);
  end_run(db(), done, "ok", "published 3 report file(s)", 2.5);
  const int64_t crashed = begin_run(db());
  const int64_t killed_after_load = begin_run(db());
  record_run_progress(db(), killed_after_load, totals);
  ASSERT_TRUE(unfinished_run(db()));
  EXPECT_EQ(unfinished_run(db())->run_id, killed_after_load);

  const std::vector<int64_t> failed = fail_unfinished_runs(db());
  EXPECT_EQ(failed.size(), 2u);
  EXPECT_FALSE(unfinished_run(db()));
  const auto runs = recent_runs(db(), 3);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].run_id, killed_after_load);
  EXPECT_EQ(runs[0].totals.status, "failed");
  EXPECT_FALSE(runs[0].finished_at.empty());
  EXPECT_NE(runs[0].totals.message.find("after its load committed"), std::string::npos);
  EXPECT_NE(runs[0].totals.message.find("reports were not published"), std::string::npos);
  EXPECT_EQ(runs[0].totals.records_read, 10);
  EXPECT_EQ(runs[1].run_id, crashed);
  EXPECT_EQ(runs[1].totals.status, "failed");
  EXPECT_NE(runs[1].totals.message.find("nothing loaded"), std::string::npos);
  EXPECT_EQ(runs[2].totals.status, "ok");
  EXPECT_EQ(runs[2].totals.message, "published 3 report file(s)");
  EXPECT_DOUBLE_EQ(runs[2].totals.elapsed_seconds, 2.5);
  EXPECT_TRUE(fail_unfinished_runs(db()).empty());
}

TEST_P(LedgerStoreTest, ProcessedFilesAreFoundByContentWhateverTheirPath) {
  const int64_t run = begin_run(db());
  EXPECT_FALSE(find_processed(db(), 1234, "abc"));
  const int64_t file = record_file(db(), run, "/data/week1.zip", 1234, "abc", 500);
  const auto found = find_processed(db(), 1234, "abc");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->file_id, file);
  EXPECT_EQ(found->path, "/data/week1.zip");
  EXPECT_EQ(found->run_id, run);
  EXPECT_FALSE(find_processed(db(), 1234, "changed"));
  EXPECT_FALSE(find_processed(db(), 1235, "abc"));
  // Recording the same file again keeps its id.
  EXPECT_EQ(record_file(db(), run, "/data/week1.zip", 1234, "abc", 500), file);
  EXPECT_NE(record_file(db(), run, "/data/week1.zip", 1300, "changed", 510), file);
  EXPECT_EQ(count("ingest_ledger"), "2");
}

TEST_P(LedgerStoreTest, SalesFactsRoundTrip) {
  const int64_t run = begin_run(db());
  const int64_t file = record_file(db(), run, "a.zip", 1, "h", 2);
  const std::vector<SalesFactRow> rows{
      {*parse_timestamp("2023-10-23T00:00:17"), "c001", "p001", 3, 2450},
      {*parse_timestamp("2023-10-23T10:15:00.250"), "c002", "p050", 1, 49999},
      {*parse_timestamp("1969-12-31T23:59:59.000001"), "c100", "p010", 10000, 1},
  };
  insert_sales_facts(db(), file, rows);
  const auto loaded = read_sales_facts(db());
  ASSERT_EQ(loaded.size(), rows.size());
  for (const SalesFactRow& expected : rows) {
    const auto found = std::find_if(loaded.begin(), loaded.end(), [&](const SalesFactRow& row) {
      return row.customer_id == expected.customer_id;
    });
    ASSERT_NE(found, loaded.end()) << expected.customer_id;
    EXPECT_EQ(found->event_time, expected.event_time) << expected.customer_id;
    EXPECT_EQ(found->product_id, expected.product_id);
    EXPECT_EQ(found->quantity, expected.quantity);
    EXPECT_EQ(found->unit_price_cents, expected.unit_price_cents);
  }
}

TEST_P(LedgerStoreTest, QuarantineKeepsRawTextAndSource) {
  const int64_t run = begin_run(db());
  const int64_t file = record_file(db(), run, "a.zip", 1, "h", 2);
  const std::vector<QuarantineRecord> records{
      {QuarantineReason::kBadQuantity,
       "quantity -1",
       {"a.zip", "day.zip!part-001.json", 7},
       "{\"q\":\t-1,\n\"x\":\"\\\\\"}"},
      {QuarantineReason::kCorruptArchive, "bad zip", {"b.zip", "", -1}, ""},
  };
  insert_quarantine(db(), run, file, records);
  insert_quarantine(db(), run, std::nullopt, {records[1]});
  const auto result = db().query(
      "SELECT run_id, file_id, reason, detail, source_file, source_entry, record_index, raw FROM quarantine "
      "ORDER BY quarantine_id");
  ASSERT_EQ(result.rows.size(), 3u);
  using Row = std::vector<std::optional<std::string>>;
  const std::string run_text = std::to_string(run), file_text = std::to_string(file);
  EXPECT_EQ(result.rows[0], (Row{run_text, file_text, "bad_quantity", "quantity -1", "a.zip",
                                 "day.zip!part-001.json", "7", records[0].raw}));
  EXPECT_EQ(result.rows[1],
            (Row{run_text, file_text, "corrupt_archive", "bad zip", "b.zip", "", std::nullopt, ""}));
  EXPECT_EQ(result.rows[2][1], std::nullopt);
}

TEST_P(LedgerStoreTest, ClearPipelineStateKeepsRuns) {
  const int64_t run = begin_run(db());
  const int64_t file = record_file(db(), run, "a.zip", 1, "h", 2);
  insert_sales_facts(db(), file, {{0, "c001", "p001", 1, 100}});
  insert_quarantine(db(), run, file, {{QuarantineReason::kMalformedJson, "", {"a.zip", "", -1}, "{"}});
  clear_pipeline_state(db());
  EXPECT_EQ(count("ingest_ledger"), "0");
  EXPECT_EQ(count("sales_facts"), "0");
  EXPECT_EQ(count("quarantine"), "0");
  EXPECT_EQ(count("pipeline_runs"), "1");
  EXPECT_FALSE(find_processed(db(), 1, "h"));
}

ECOMFLOW_ON_BOTH_BACKENDS(LedgerStoreTest);

}  // namespace
}  // namespace ecomflow
