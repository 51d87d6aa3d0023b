#include "report/sales_report_csv.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "core/atomic_file.hpp"
#include "store/csv_table.hpp"

namespace ecomflow {
namespace {

std::string csv_field(const std::string& value) {
  std::string field;
  append_report_csv_field(field, value);
  return field;
}

}  // namespace

std::string sales_report_csv(const std::vector<SalesRow>& rows) {
  std::string text = "category,customer_segment,total_revenue,units_sold,unique_customers\n";
  for (const SalesRow& row : rows) {
    fmt::format_to(std::back_inserter(text), "{},{},{},{},{}\n", csv_field(row.category),
                   csv_field(row.segment), format_cents(row.revenue), row.units, row.unique_customers);
  }
  return text;
}

std::string category_slug(const std::string& category) {
  std::string slug;
  for (unsigned char c : category) {
    if (std::isalnum(c)) {
      slug += char(std::tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "uncategorized" : slug;
}

std::vector<std::filesystem::path> write_sales_reports(const std::vector<SalesRow>& rows,
                                                       const std::filesystem::path& directory,
                                                       AtomicFileSet* files) {
  std::vector<std::filesystem::path> written;
  written.push_back(directory / "sales_report.csv");
  write_file_atomically(written.back(), sales_report_csv(rows), files);

  std::map<std::string, std::vector<SalesRow>> by_category;  // rows keep the report's order
  for (const SalesRow& row : rows) by_category[row.category].push_back(row);
  for (const auto& [category, category_rows] : by_category) {
    written.push_back(directory / ("sales_report_" + category_slug(category) + ".csv"));
    write_file_atomically(written.back(), sales_report_csv(category_rows), files);
  }
  return written;
}

}  // namespace ecomflow
