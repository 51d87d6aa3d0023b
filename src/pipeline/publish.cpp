#include "pipeline/publish.hpp"

#include "core/atomic_file.hpp"
#include "report/analytics_charts.hpp"
#include "report/analytics_csv.hpp"
#include "report/html_report.hpp"
#include "report/sales_report_csv.hpp"

namespace ecomflow {

size_t publish_reports(RunSummary& summary, const Aggregates& totals, const Catalog& catalog,
                       const std::filesystem::path& reports_dir, ChartFormat chart_format,
                       size_t max_session_rows) {
  size_t files = write_sales_reports(totals.sales.rows(), reports_dir).size();
  if (!totals.analytics) {
    write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary));
    return files + 1;
  }
  // Cutting sessions sorts every event: do it once for the CSVs, the charts and the page.
  const SessionReport session_counts = totals.sessions.report(max_session_rows);
  files += write_analytics_reports(totals, catalog, session_counts, reports_dir).size();
  summary.sessions = session_counts.overall;
  write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary));
  files +=
      render_analytics_charts(totals, catalog, session_counts, reports_dir / "charts", chart_format).size();
  write_html_report(summary, totals, catalog, session_counts, reports_dir / "index.html");
  return files + 2;
}

}  // namespace ecomflow
