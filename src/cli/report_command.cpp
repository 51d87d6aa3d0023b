/// `ecomflow report`: re-render reports, charts and the HTML page from the
/// database, without reading events.

#include "cli/command.hpp"
#include "core/error.hpp"
#include "pipeline/warehouse_report.hpp"

namespace ecomflow {

void add_report_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand("report",
                                          "Re-render every report, chart and reports/index.html from the "
                                          "warehouse in --db (no event files read)");
  Settings& settings = context.settings;
  settings.add(*command, "reports", "--reports", "reports", "directory for reports");
  settings.add(*command, "chart_format", "--chart-format", "png", "png|svg");
  add_currency_setting(*command, settings);
  add_session_settings(*command, settings);
  command->callback([&context] {
    context.action = [&context] {
      const Settings& settings = context.settings;
      WarehouseReportOptions options;
      options.database_url = settings.get("db");
      options.reports_dir = settings.get("reports");
      options.chart_format = settings.get("chart_format") == "svg" ? ChartFormat::kSvg : ChartFormat::kPng;
      options.aggregates = session_options(settings, options.max_session_rows);
      options.threads = int(settings.get_integer("threads"));
      options.currency = currency_setting(settings);
      return render_warehouse_report(options);
    };
  });
}

}  // namespace ecomflow
