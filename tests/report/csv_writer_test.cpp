#include "report/csv_writer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_env.hpp"

namespace ecomflow {
namespace {

using testing::read_file;

void write_rows(CsvWriter& csv, int rows) {
  csv.line("name,amount,when,key");
  for (int i = 0; i < rows; ++i) {
    csv.text(i % 2 == 0 ? "plain" : "with \"quote\", comma").cents(i * 1001 - 5000);
    csv.timestamp(int64_t(i) * 1'500'000).hex64(uint64_t(i) * 0x9E3779B97F4A7C15ull);
    csv.end_row();
  }
}

TEST(CsvWriterTest, FieldsAreFormattedLikeTheCoreFormatters) {
  CsvWriter csv;
  csv.text("a,b").text("say \"hi\"").text("line\nbreak").plain("x").empty().integer(-42).end_row();
  for (const Cents cents : {Cents(0), Cents(5), Cents(-5), Cents(-100), Cents(123456), INT64_MIN, INT64_MAX})
    csv.cents(cents);
  csv.end_row();
  csv.fixed(0.5, 4)
      .fixed(2.0 / 3.0, 4)
      .fixed(2.5, 2)
      .fixed(0.125, 2)
      .hex64(0xABC)
      .date(0)
      .timestamp(-1)
      .end_row();
  std::string expected = "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",x,,-42\n";
  for (const Cents cents : {Cents(0), Cents(5), Cents(-5), Cents(-100), Cents(123456), INT64_MIN, INT64_MAX})
    expected += format_cents(cents) + (cents == INT64_MAX ? "\n" : ",");
  expected += "0.5000,0.6667,2.50,0.12,0000000000000abc,1970-01-01," + format_timestamp(-1) + "\n";
  EXPECT_EQ(csv.text(), expected);
}

TEST(CsvWriterTest, TextASpreadsheetWouldRunGetsALeadingQuote) {
  CsvWriter csv;
  csv.text("=1+2").text("+x").text("-cmd|' /C calc'!A0").text("@x").text("\tx").end_row();
  // Plain numbers stay numbers; numbers are never touched either.
  csv.text("-12.50").text("+3").text("1e5").text("-").cents(-250).integer(-3).end_row();
  EXPECT_EQ(csv.text(),
            "\"'=1+2\",\"'+x\",\"'-cmd|' /C calc'!A0\",\"'@x\",\"'\tx\"\n"
            "-12.50,+3,1e5,\"'-\",-2.50,-3\n");
}

TEST(CsvWriterTest, StreamingWritesTheSameBytesAsInMemory) {
  CsvWriter in_memory;
  write_rows(in_memory, 1000);
  const std::filesystem::path file = testing::scratch_dir("csv_writer") / "rows.csv";
  AtomicFile output(file);
  CsvWriter streaming(output, 256);
  write_rows(streaming, 1000);
  EXPECT_LT(streaming.text().size(), 256u + 100u);  // written out as it fills, not kept
  EXPECT_FALSE(std::filesystem::exists(file));      // appears only when finished
  streaming.finish();
  EXPECT_EQ(read_file(file), in_memory.text());
}

TEST(CsvWriterTest, PartsWrittenInAnyOrderJoinInPartOrder) {
  const std::filesystem::path file = testing::scratch_dir("csv_writer_parts") / "rows.csv";
  PartedCsvFile output(file, 3);
  ASSERT_EQ(output.parts(), 3u);
  output.part(2).plain("third").end_row();
  write_rows(output.part(0), 500);  // past a flush of its own
  output.part(1).plain("second").end_row();
  EXPECT_FALSE(std::filesystem::exists(file));
  output.finish();
  CsvWriter expected;
  write_rows(expected, 500);
  EXPECT_EQ(read_file(file), std::string(expected.text()) + "second\nthird\n");
}

TEST(CsvWriterTest, UnfinishedFileLeavesNothing) {
  const std::filesystem::path directory = testing::scratch_dir("csv_writer_unfinished");
  {
    AtomicFile output(directory / "rows.csv");
    CsvWriter csv(output, 64);
    write_rows(csv, 100);
  }
  EXPECT_TRUE(std::filesystem::is_empty(directory));
}

}  // namespace
}  // namespace ecomflow
