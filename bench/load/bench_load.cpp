/// ecomflow's side of the warehouse load benchmark: loads a CSV of fact rows
/// into an existing table through the store library's Database::bulk_insert
/// (COPY on PostgreSQL), in one transaction, and times only the load.
///
///   bench_load DATABASE_URL TABLE ROWS_CSV
///
/// The CSV is the harness's own: a header naming the columns, then plain
/// comma-separated values with no quoting. Prints {"rows": N, "seconds": S}.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace {

void split_into(std::string_view line, std::vector<std::optional<std::string>>& cells) {
  size_t column = 0;
  size_t start = 0;
  while (column < cells.size()) {
    size_t comma = line.find(',', start);
    std::string_view cell =
        line.substr(start, comma == std::string_view::npos ? line.size() - start : comma - start);
    if (cell.empty()) {
      cells[column].reset();
    } else {
      cells[column] = std::string(cell);
    }
    ++column;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  for (; column < cells.size(); ++column) cells[column].reset();
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 4) {
    std::cerr << "usage: bench_load DATABASE_URL TABLE ROWS_CSV\n";
    return 2;
  }
  std::ifstream in(argv[3]);
  std::string line;
  if (!in || !std::getline(in, line)) throw std::runtime_error(std::string("cannot read ") + argv[3]);
  std::vector<std::string> columns;
  for (size_t start = 0;;) {
    size_t comma = line.find(',', start);
    columns.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  auto database = ecomflow::Database::open(argv[1]);
  auto started = std::chrono::steady_clock::now();
  int64_t rows = 0;
  ecomflow::with_transaction(*database, [&] {
    rows = database->bulk_insert(argv[2], columns, [&](std::vector<std::optional<std::string>>& row) {
      if (!std::getline(in, line)) return false;
      row.resize(columns.size());
      split_into(line, row);
      return true;
    });
  });
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
  std::printf("{\"rows\": %lld, \"seconds\": %.6f}\n", static_cast<long long>(rows), seconds.count());
  return 0;
} catch (const std::exception& error) {
  std::cerr << "bench_load: " << error.what() << "\n";
  return 1;
}
