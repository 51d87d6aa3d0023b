#include "pipeline/publish.hpp"

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/atomic_file.hpp"
#include "report/analytics_charts.hpp"
#include "report/analytics_csv.hpp"
#include "report/html_report.hpp"
#include "report/sales_report_csv.hpp"

namespace ecomflow {
namespace {

/// Runs independent tasks on up to `threads` threads, each task once; the
/// first exception a task throws is rethrown after every thread has stopped.
void run_tasks(const std::vector<std::function<void()>>& tasks, int threads) {
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    for (size_t task = next++; task < tasks.size(); task = next++) {
      try {
        tasks[task]();
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (int i = 1; i < std::min<int>(threads, int(tasks.size())); ++i) helpers.emplace_back(work);
    work();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace

size_t publish_reports(RunSummary& summary, const Aggregates& totals, const Catalog& catalog,
                       const PublishOptions& options) {
  const std::filesystem::path& reports_dir = options.reports_dir;
  // Every report is written first and made durable together at the end.
  AtomicFileSet written;
  size_t files = write_sales_reports(totals.sales.rows(), reports_dir, &written).size();
  if (!totals.analytics) {
    write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary), &written);
    written.commit();
    return files + 1;
  }
  // Cutting sessions sorts every event: do it once for the CSVs, the charts and the page.
  const SessionReport sessions = totals.sessions.report(options.max_session_rows, options.threads);
  summary.sessions = sessions.overall;

  // The analytics files only read the totals: render them side by side, the
  // CSVs and the page first as they take longest.
  std::atomic<size_t> analytics_files{0};
  std::vector<std::function<void()>> tasks = {
      [&] {
        analytics_files += write_analytics_reports(totals, catalog, sessions, reports_dir, &written).size();
      },
      [&] {
        write_html_report(summary, totals, catalog, sessions, reports_dir / "index.html", &written);
        write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary), &written);
        analytics_files += 2;
      },
  };
  const std::vector<AnalyticsChart> charts = analytics_charts(totals, catalog, sessions);
  for (const AnalyticsChart& chart : charts) {
    tasks.push_back([&] {
      render_chart(chart.spec, analytics_chart_file(reports_dir / "charts", chart, options.chart_format),
                   options.chart_format, &written);
      ++analytics_files;
    });
  }
  run_tasks(tasks, options.threads);
  written.commit();
  return files + analytics_files;
}

}  // namespace ecomflow
