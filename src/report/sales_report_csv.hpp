#pragma once
/// Seed 001's report files: `sales_report.csv` and one file per category.

#include <filesystem>
#include <string>
#include <vector>

#include "aggregate/sales_state.hpp"
#include "core/atomic_file.hpp"

namespace ecomflow {

/// The CSV text of a report: header, then one line per row, revenue with two
/// decimals, fields quoted only when they need it.
std::string sales_report_csv(const std::vector<SalesRow>& rows);

/// `Home & Garden` → `home-garden`.
std::string category_slug(const std::string& category);

/// Writes `sales_report.csv` and `sales_report_<slug>.csv` for every category
/// into `directory`, each atomically (as part of `files`, if given). Returns
/// the files written.
std::vector<std::filesystem::path> write_sales_reports(const std::vector<SalesRow>& rows,
                                                       const std::filesystem::path& directory,
                                                       AtomicFileSet* files = nullptr);

}  // namespace ecomflow
