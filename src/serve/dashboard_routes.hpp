#pragma once
/// The dashboard's routes on the serve HTTP server: the page and its files
/// (`/`), one JSON endpoint per panel (`/api/dashboard/<panel>?range=`),
/// pushed updates (`/api/events`, Server-Sent Events), `/metrics`, `/health`
/// and `/ready`. Handlers only read the cached snapshot (docs/api.md).

#include <chrono>
#include <cstddef>
#include <memory>

#include "core/currency.hpp"

namespace ecomflow {

class HttpServer;
class DashboardState;
struct ServeContext;

/// How the dashboard serves.
struct DashboardRoutesOptions {
  /// Open `/api/events` streams allowed at once: each holds one server
  /// thread, so keep it well below the server's thread count.
  size_t max_event_streams = 100;
  /// A comment line is sent this often on an idle stream so proxies and
  /// browsers keep it open and a closed client is noticed.
  std::chrono::milliseconds heartbeat = std::chrono::seconds(15);
  /// What the page writes money in; `/api/dashboard` tells the page.
  Currency currency;
};

/// Registers the dashboard's routes and the metrics request hook on
/// `server`, and starts the state's poller (it stops with the server).
void add_dashboard_routes(HttpServer& server, std::shared_ptr<DashboardState> state,
                          DashboardRoutesOptions options = {});

/// The same over the serve context: the poller borrows the server's
/// database pool for its one query a second.
void add_dashboard_routes(HttpServer& server, ServeContext& context);

}  // namespace ecomflow
