#pragma once
/// The dashboard's figures, read from the warehouse: one function per panel,
/// each returning the panel's JSON object. Only this file holds the
/// dashboard's SQL; the same SQL runs on SQLite and PostgreSQL (qualified
/// `warehouse.` names become prefixes on SQLite).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace ecomflow {

/// A time range of the range picker: the last `seconds` before the latest
/// event, or everything (`seconds` = 0).
struct DashboardRange {
  std::string_view name;  ///< `1h`, `6h`, `24h`, `7d`, `all`
  int64_t seconds;
};

/// The picker's ranges, shortest first.
const std::vector<DashboardRange>& dashboard_ranges();

/// The range called `name`, or nullptr.
const DashboardRange* find_dashboard_range(std::string_view name);

/// The span of events one range covers. Ranges end at the latest event in
/// the warehouse, not the wall clock, so a finished batch shows as it was;
/// on a live stream the two are close.
struct DashboardWindow {
  std::optional<TimestampUs> earliest_event;  ///< nullopt: no events yet
  std::optional<TimestampUs> latest_event;
  std::optional<TimestampUs> from;     ///< exclusive lower bound; nullopt for `all`
  int64_t minute_bucket_seconds = 60;  ///< events-per-minute bucket
  int64_t hour_bucket_seconds = 3600;  ///< revenue-per-hour bucket
};

/// The window of `range` over the events now in the warehouse.
DashboardWindow dashboard_window(Database& database, const DashboardRange& range);

/// Text that changes whenever a run or a check batch is recorded or
/// finishes: a few aggregates of small tables, cheap enough to read every
/// second.
std::string dashboard_fingerprint(Database& database);

/// One panel: its name in the API and the function computing its JSON.
struct DashboardPanel {
  std::string_view name;  ///< `kpis`, `funnel`, …
  std::string (*compute)(Database& database, const DashboardWindow& window);
};

/// Every panel, in the page's order.
const std::vector<DashboardPanel>& dashboard_panels();

/// The panel called `name`, or nullptr.
const DashboardPanel* find_dashboard_panel(std::string_view name);

/// The pipeline's own figures as Prometheus text: the last finished run's
/// counts and duration, runs by status, failed checks of the last batch.
std::string dashboard_pipeline_metrics(Database& database);

/// `YYYY-MM-DD HH:MM:SS` (UTC), the form the panels use for times.
std::string dashboard_time_text(TimestampUs time);

}  // namespace ecomflow
