#include "serve/dashboard_routes.hpp"

#include <fmt/format.h>

#include <atomic>
#include <memory>

#include "serve/dashboard_assets.hpp"
#include "serve/dashboard_json.hpp"
#include "serve/dashboard_queries.hpp"
#include "serve/dashboard_state.hpp"
#include "serve/http_server.hpp"
#include "serve/metrics.hpp"
#include "serve/serve_context.hpp"

namespace ecomflow {
namespace {

// Not "application/json" exactly: cpp-httplib would then compress every
// answer again (brotli at its slowest setting); the snapshot holds each
// document gzipped once instead.
constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr std::string_view kDefaultRange = "24h";
// An update stream checks this often whether the server is stopping.
constexpr std::chrono::milliseconds kStreamTick{500};

bool accepts_gzip(const HttpServer::Request& request) {
  return request.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

void send_json_text(HttpServer::Response& response, int status, std::string body) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(std::move(body), kJsonType);
}

void send_problem(HttpServer::Response& response, int status, std::string_view error,
                  std::string_view detail) {
  send_json_text(response, status,
                 fmt::format("{{\"error\":{},\"detail\":{}}}\n", json_string(error), json_string(detail)));
}

// The page's files. cpp-httplib compresses text/* itself (small: HTML,
// CSS); the scripts are sent as the gzip made at build time.
void send_asset(const HttpServer::Request& request, HttpServer::Response& response, const WebAsset& asset) {
  response.set_header("Cache-Control", asset.path == "/index.html" ? "no-cache" : "public, max-age=300");
  response.set_header("X-Content-Type-Options", "nosniff");
  if (asset.path == "/index.html")
    response.set_header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
  const bool precompressed = asset.content_type.rfind("text/", 0) != 0;
  if (precompressed && accepts_gzip(request)) {
    response.set_header("Content-Encoding", "gzip");
    response.set_header("Vary", "Accept-Encoding");
    response.set_content(asset.gzip_body.data(), asset.gzip_body.size(), std::string(asset.content_type));
  } else {
    response.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
  }
}

std::string index_document(const DashboardSnapshot* snapshot, const Currency& currency) {
  std::string ranges;
  for (const auto& range : dashboard_ranges())
    ranges += fmt::format("{}\"{}\"", ranges.empty() ? "" : ",", range.name);
  std::string panels;
  for (const auto& panel : dashboard_panels())
    panels += fmt::format("{}\"/api/dashboard/{}\"", panels.empty() ? "" : ",", panel.name);
  return fmt::format(
      "{{\"version\":{},\"default_range\":\"{}\",\"ranges\":[{}],\"panels\":[{}],\"events\":\"/api/"
      "events\",\"currency\":{{\"code\":{},\"symbol\":{},\"minor_digits\":{}}}}}\n",
      snapshot ? snapshot->version : 0, kDefaultRange, ranges, panels, json_string(currency.code),
      json_string(currency.symbol), currency.minor_digits);
}

void panel(const DashboardState& state, const HttpServer::Request& request, HttpServer::Response& response) {
  const std::string name = request.matches[1];
  const std::string range =
      request.has_param("range") ? request.get_param_value("range") : std::string(kDefaultRange);
  if (!find_dashboard_panel(name))
    return send_problem(response, 404, "not_found", "no dashboard panel " + name);
  if (!find_dashboard_range(range))
    return send_problem(response, 400, "bad_range", "range must be one of 1h, 6h, 24h, 7d, all");
  const auto snapshot = state.snapshot();
  if (!snapshot) return send_problem(response, 503, "unavailable", "the warehouse has not been read yet");
  const bool gzip = accepts_gzip(request);
  const std::string* body = snapshot->document(range, name, gzip);
  response.set_header("ETag", fmt::format("\"{}{}\"", snapshot->version, gzip ? "g" : ""));
  if (gzip) {
    response.set_header("Content-Encoding", "gzip");
    response.set_header("Vary", "Accept-Encoding");
  }
  send_json_text(response, 200, *body);
}

// Shared by every /api/events stream: how many are open.
struct EventStreams {
  std::atomic<size_t> open{0};
};

void events(HttpServer& server, DashboardState& state, const std::shared_ptr<EventStreams>& streams,
            const DashboardRoutesOptions& options, HttpServer::Response& response) {
  if (streams->open.fetch_add(1) >= options.max_event_streams) {
    streams->open.fetch_sub(1);
    response.set_header("Retry-After", "30");
    return send_problem(
        response, 503, "too_many_streams",
        fmt::format("at most {} update streams are served at once", options.max_event_streams));
  }
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");
  auto known = std::make_shared<uint64_t>(UINT64_MAX);
  response.set_chunked_content_provider(
      "text/event-stream",
      [&server, &state, known, heartbeat = options.heartbeat](size_t, httplib::DataSink& sink) {
        std::string message;
        if (*known == UINT64_MAX) {
          // First message at once: the page learns the current version.
          const auto snapshot = state.snapshot();
          *known = snapshot ? snapshot->version : 0;
          message = fmt::format("retry: 2000\nevent: version\ndata: {{\"version\":{}}}\n\n", *known);
        } else {
          // Wait in short slices so a stopping server is not held up by open streams.
          uint64_t version = *known;
          for (auto waited = std::chrono::milliseconds(0); version == *known && waited < heartbeat;
               waited += kStreamTick) {
            version = state.wait_for_change(*known, kStreamTick);
            if (state.stopping() || !server.native().is_running()) {
              sink.done();
              return true;
            }
          }
          if (version != *known) {
            *known = version;
            message = fmt::format("event: version\ndata: {{\"version\":{}}}\n\n", version);
          } else {
            message = ": idle\n\n";
          }
        }
        return sink.write(message.data(), message.size());
      },
      [streams](bool) { streams->open.fetch_sub(1); });
}

void metrics(const DashboardState& state, const HttpMetrics& http, const EventStreams& streams,
             HttpServer::Response& response) {
  const auto snapshot = state.snapshot();
  const DashboardPollerStats stats = state.stats();
  std::string out = http.render();
  out += fmt::format(
      "# HELP ecomflow_dashboard_version Snapshot version of the dashboard's figures (one per pipeline "
      "commit).\n"
      "# TYPE ecomflow_dashboard_version gauge\necomflow_dashboard_version {}\n"
      "# TYPE ecomflow_dashboard_build_seconds gauge\necomflow_dashboard_build_seconds {:.6f}\n"
      "# TYPE ecomflow_dashboard_polls_total counter\necomflow_dashboard_polls_total {}\n"
      "# TYPE ecomflow_dashboard_poll_failures_total counter\necomflow_dashboard_poll_failures_total {}\n"
      "# TYPE ecomflow_dashboard_rebuilds_total counter\necomflow_dashboard_rebuilds_total {}\n"
      "# TYPE ecomflow_database_up gauge\necomflow_database_up {}\n"
      "# TYPE ecomflow_event_streams gauge\necomflow_event_streams {}\n",
      snapshot ? snapshot->version : 0, snapshot ? snapshot->build_seconds : 0.0, stats.polls,
      stats.poll_failures, stats.rebuilds, stats.database_reachable ? 1 : 0, streams.open.load());
  if (snapshot) out += snapshot->pipeline_metrics;
  response.set_header("Cache-Control", "no-store");
  response.set_content(std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

void ready(const DashboardState& state, HttpServer::Response& response) {
  const DashboardPollerStats stats = state.stats();
  const auto snapshot = state.snapshot();
  if (stats.database_reachable && snapshot)
    return send_json_text(response, 200,
                          fmt::format("{{\"status\":\"ready\",\"database\":\"reachable\",\"version\":{}}}\n",
                                      snapshot->version));
  send_json_text(response, 503,
                 fmt::format("{{\"status\":\"not_ready\",\"database\":\"{}\",\"detail\":{}}}\n",
                             stats.database_reachable ? "reachable" : "unreachable",
                             json_string(stats.last_error.value_or("the warehouse has not been read yet"))));
}

}  // namespace

void add_dashboard_routes(HttpServer& server, std::shared_ptr<DashboardState> state,
                          DashboardRoutesOptions options) {
  // The routes own the state, the metrics table and the stream count: they
  // live as long as the server's handlers.
  auto metrics_table = std::make_shared<HttpMetrics>();
  auto streams = std::make_shared<EventStreams>();
  server.add_observer([metrics_table](const RequestRecord& record) {
    metrics_table->record(record.method, record.route, record.status, record.duration);
  });
  for (const WebAsset& asset : web_assets()) {
    const WebAsset* file = &asset;
    const std::string pattern = asset.path == "/index.html" ? "/(index\\.html)?" : std::string(asset.path);
    server.get(pattern, [file](const HttpServer::Request& request, HttpServer::Response& response) {
      send_asset(request, response, *file);
    });
  }
  server.get("/api/dashboard", [state, options](const HttpServer::Request&, HttpServer::Response& response) {
    send_json_text(response, 200, index_document(state->snapshot().get(), options.currency));
  });
  server.get("/api/dashboard/([A-Za-z0-9_]+)",
             [state](const HttpServer::Request& request, HttpServer::Response& response) {
               panel(*state, request, response);
             });
  server.get("/api/events",
             [&server, state, streams, options](const HttpServer::Request&, HttpServer::Response& response) {
               events(server, *state, streams, options, response);
             });
  server.get("/metrics",
             [state, metrics_table, streams](const HttpServer::Request&, HttpServer::Response& response) {
               metrics(*state, *metrics_table, *streams, response);
             });
  server.get("/health", [](const HttpServer::Request&, HttpServer::Response& response) {
    send_json_text(response, 200, "{\"status\":\"ok\"}\n");
  });
  server.get("/ready", [state](const HttpServer::Request&, HttpServer::Response& response) {
    ready(*state, response);
  });
  state->start();
}

void add_dashboard_routes(HttpServer& server, ServeContext& context) {
  DatabasePool& pool = context.database;
  auto state = std::make_shared<DashboardState>([&pool](const std::function<void(Database&)>& body) {
    PooledDatabase database = pool.acquire();
    try {
      body(*database);
    } catch (...) {
      database.discard();  // it may be the connection that failed
      throw;
    }
  });
  add_dashboard_routes(server, std::move(state), {.currency = context.currency});
}

}  // namespace ecomflow
