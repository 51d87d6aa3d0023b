#include "quality/retention.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/written_manifest.hpp"
#include "quality/table_metrics.hpp"
#include "store/ledger_store.hpp"
#include "store/migrations.hpp"
#include "store/scratch_database.hpp"

namespace ecomflow {
namespace {

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

class RetentionTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    migrate(db());
    dir_ = testing::scratch_dir("retention");
    run_ = begin_run(db());
  }
  /// Records `path` with its current content as processed `days` ago.
  void record(const std::filesystem::path& path, double days) {
    const std::string hash = ledger_content_hash(path);
    record_file(db(), run_, path.string(), int64_t(std::filesystem::file_size(path)), hash, 10);
    db().query("UPDATE ingest_ledger SET processed_at = $1 WHERE path = $2 AND content_hash = $3",
               {format_timestamp(now_utc() - int64_t(days * 86400e6)), path.string(), hash});
  }
  std::filesystem::path dir_;
  int64_t run_ = 0;
};

TEST_P(RetentionTest, RemovesOnlyOldProcessedArchivesWithTheSameContent) {
  const auto processed = dir_ / "data" / "week1.zip";
  const auto changed = dir_ / "data" / "week2.zip";
  const auto resized = dir_ / "data" / "week3.zip";
  const auto recent = dir_ / "data" / "week4.zip";
  const auto unknown = dir_ / "data" / "week5.zip";
  write_file(processed, "processed archive");
  write_file(changed, "original content!");
  write_file(resized, "short");
  write_file(recent, "processed today");
  write_file(unknown, "never processed");
  record(processed, 10);
  record(changed, 10);
  record(resized, 10);
  record(recent, 0);
  write_file(changed, "replaced content!");  // same size, other bytes
  write_file(resized, "a longer replacement");

  CleanupOptions options;
  options.keep_days = 7;
  options.reports_dir = dir_ / "reports";
  options.dry_run = true;
  const CleanupResult planned = clean_up(db(), options);
  ASSERT_EQ(planned.archives.size(), 1u);
  EXPECT_EQ(planned.archives[0].path, processed);
  EXPECT_EQ(planned.kept_archives.size(), 2u);
  for (const auto& file : {processed, changed, resized, recent, unknown})
    EXPECT_TRUE(std::filesystem::exists(file));

  options.dry_run = false;
  const CleanupResult done = clean_up(db(), options);
  ASSERT_EQ(done.archives.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(processed));
  for (const auto& file : {changed, resized, recent, unknown})
    EXPECT_TRUE(std::filesystem::exists(file)) << file;

  // Even keeping nothing, a file the ledger does not know stays.
  options.keep_days = 0;
  const CleanupResult everything = clean_up(db(), options);
  ASSERT_EQ(everything.archives.size(), 1u);
  EXPECT_EQ(everything.archives[0].path, recent);
  EXPECT_TRUE(std::filesystem::exists(unknown));
  EXPECT_TRUE(std::filesystem::exists(changed));
}

TEST_P(RetentionTest, RemovesOldReportsAndQuarantine) {
  const auto old_report = dir_ / "reports" / "old" / "sales_report.csv";
  const auto new_report = dir_ / "reports" / "sales_report.csv";
  const auto foreign = dir_ / "reports" / "notes.txt";  // old, but not ecomflow's
  write_file(old_report, "a,b\n");
  write_file(new_report, "a,b\n");
  write_file(foreign, "mine\n");
  record_written_files(dir_ / "reports", {old_report, new_report});
  for (const auto& file : {old_report, foreign})
    std::filesystem::last_write_time(
        file, std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * 40));
  db().query(
      "INSERT INTO quarantine (run_id, reason, raw, quarantined_at) VALUES (1, 'bad_timestamp', '{}', $1)",
      {format_timestamp((now_utc() - 40 * kMicrosPerDay) / kMicrosPerSecond * kMicrosPerSecond)});
  db().query("INSERT INTO quarantine (run_id, reason, raw) VALUES (2, 'bad_quantity', '{}')");

  CleanupOptions options;
  options.keep_days = 30;
  options.reports_dir = dir_ / "reports";
  options.dry_run = true;
  const CleanupResult planned = clean_up(db(), options);
  ASSERT_EQ(planned.reports.size(), 1u);
  EXPECT_EQ(planned.reports[0].path, old_report);
  EXPECT_EQ(planned.quarantine_rows, 1);
  EXPECT_TRUE(std::filesystem::exists(old_report));
  EXPECT_EQ(*db().query("SELECT COUNT(*) FROM quarantine").rows[0][0], "2");

  options.dry_run = false;
  const CleanupResult done = clean_up(db(), options);
  EXPECT_EQ(done.quarantine_rows, 1);
  EXPECT_FALSE(std::filesystem::exists(old_report));
  EXPECT_TRUE(std::filesystem::exists(new_report));
  EXPECT_TRUE(std::filesystem::exists(foreign));
  EXPECT_EQ(read_written_files(dir_ / "reports"), std::set<std::string>{"sales_report.csv"});
  const auto left = db().query("SELECT reason FROM quarantine");
  ASSERT_EQ(left.rows.size(), 1u);
  EXPECT_EQ(left.rows[0][0], "bad_quantity");
}

ECOMFLOW_ON_BOTH_BACKENDS(RetentionTest);

}  // namespace
}  // namespace ecomflow
