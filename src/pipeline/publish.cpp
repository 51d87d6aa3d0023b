#include "pipeline/publish.hpp"

#include <atomic>
#include <memory>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/task_graph.hpp"
#include "core/written_manifest.hpp"
#include "report/analytics_charts.hpp"
#include "report/analytics_csv.hpp"
#include "report/csv_writer.hpp"
#include "report/html_report.hpp"
#include "report/sales_report_csv.hpp"

namespace ecomflow {

size_t publish_reports(RunSummary& summary, const Aggregates& totals, const Catalog& catalog,
                       const PublishOptions& options) {
  const std::filesystem::path& reports_dir = options.reports_dir;
  // Every report is written first and made durable together at the end.
  AtomicFileSet written;
  size_t files = write_sales_reports(totals.sales.rows(), reports_dir, &written).size();
  if (!totals.analytics) {
    write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary), &written);
    written.commit();
    record_written_files(reports_dir, written.committed());
    return files + 1;
  }

  // Cutting the sessions sorts every event and takes longest, so its parts
  // are added first; everything that reads only the aggregates runs beside
  // them and beside their merge, and what reads the session report is added
  // once it exists. One report serves the CSVs, the charts and the page.
  using TaskId = TaskGraph::TaskId;
  TaskGraph graph;
  std::atomic<size_t> analytics_files{0};
  SessionState::ReportJob job = totals.sessions.report_job(options.max_session_rows, options.threads);
  std::vector<TaskId> parts;
  for (size_t part = 0; part < job.parts(); ++part)
    parts.push_back(graph.add([&job, part] { job.cut(part); }));

  SessionReport sessions;
  const std::vector<AnalyticsCsvWriter> csv_files = analytics_csv_writers(totals, catalog, sessions);
  std::vector<AnalyticsChart> charts = traffic_charts(totals, catalog, summary.currency);
  const size_t traffic_chart_count = charts.size();
  charts.resize(charts.size() + kSessionChartCount);  // session_charts(), once the sessions are cut
  std::vector<HtmlChartCard> cards(charts.size());
  std::vector<TaskId> cards_rendered;

  auto add_chart = [&](size_t index, int priority) {
    graph.add(
        [&, index] {
          render_chart(charts[index].spec,
                       analytics_chart_file(reports_dir / "charts", charts[index], options.chart_format),
                       options.chart_format, &written);
          ++analytics_files;
        },
        {}, priority);
    cards_rendered.push_back(graph.add(
        [&, index] {
          cards[index] = {charts[index].name, render_chart_svg(html_card_spec(charts[index]))};
        },
        {}, priority));
  };
  auto add_csv = [&](const AnalyticsCsvWriter& file, int priority) {
    if (!file.write_part || options.threads < 2) {
      graph.add(
          [&] {
            write_analytics_csv(file, reports_dir, &written);
            ++analytics_files;
          },
          {}, priority);
      return;
    }
    // A file of many rows: its parts are formatted side by side, then joined.
    auto output = std::make_shared<PartedCsvFile>(reports_dir / file.name, size_t(options.threads), &written);
    std::vector<TaskId> parts_written;
    for (size_t part = 0; part < output->parts(); ++part) {
      parts_written.push_back(
          graph.add([&file, output, part] { file.write_part(output->part(part), part, output->parts()); }, {},
                    priority));
    }
    graph.add(
        [&, output] {
          output->finish();
          ++analytics_files;
        },
        parts_written, priority);
  };

  graph.add(
      [&] {
        sessions = job.finish();
        summary.sessions = sessions.overall;
        std::vector<AnalyticsChart> from_sessions =
            session_charts(totals, catalog, sessions, summary.currency);
        std::move(from_sessions.begin(), from_sessions.end(),
                  charts.begin() + ptrdiff_t(traffic_chart_count));
        // What reads the session report ends the longest chain: it goes
        // before what is left of the rest, and sessions.csv, the largest
        // file (its data still has to reach the disk), first of all.
        for (const AnalyticsCsvWriter& file : csv_files) {
          if (file.needs_sessions) add_csv(file, file.name == "sessions.csv" ? 2 : 1);
        }
        for (size_t i = traffic_chart_count; i < charts.size(); ++i) add_chart(i, 1);
        graph.add(
            [&] {
              write_html_report(summary, totals, catalog, sessions, reports_dir / "index.html", &written,
                                cards);
              write_file_atomically(reports_dir / "run_summary.json", run_summary_json(summary), &written);
              analytics_files += 2;
            },
            cards_rendered, 1);
      },
      parts);
  for (size_t i = 0; i < traffic_chart_count; ++i) add_chart(i, 0);
  for (const AnalyticsCsvWriter& file : csv_files) {
    if (!file.needs_sessions) add_csv(file, 0);
  }
  graph.run(options.threads);
  written.commit();
  record_written_files(reports_dir, written.committed());
  return files + analytics_files;
}

}  // namespace ecomflow
