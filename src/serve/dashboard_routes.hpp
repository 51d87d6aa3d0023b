#pragma once
/// The dashboard's routes on the serve HTTP server: the page and its files
/// (`/`), one JSON endpoint per panel (`/api/dashboard/<panel>?range=`),
/// pushed updates (`/api/events`, Server-Sent Events), `/metrics`, `/health`
/// and `/ready`. Handlers only read the cached snapshot (docs/api.md).

#include <chrono>
#include <cstddef>

namespace ecomflow {

class HttpServer;
class DashboardState;
class HttpMetrics;

/// How the dashboard serves.
struct DashboardRoutesOptions {
  /// Open `/api/events` streams allowed at once: each holds one server
  /// thread, so keep it well below the server's thread count.
  size_t max_event_streams = 100;
  /// A comment line is sent this often on an idle stream so proxies and
  /// browsers keep it open and a closed client is noticed.
  std::chrono::milliseconds heartbeat = std::chrono::seconds(15);
};

/// Registers the dashboard's routes and the metrics request hook on `server`.
/// `state` and `metrics` must outlive the server.
void add_dashboard_routes(HttpServer& server, DashboardState& state, HttpMetrics& metrics,
                          DashboardRoutesOptions options = {});

}  // namespace ecomflow
