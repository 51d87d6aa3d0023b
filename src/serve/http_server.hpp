#pragma once
/// The HTTP server of `ecomflow serve`: cpp-httplib set up for low latency
/// (TCP_NODELAY, keep-alive, a sized thread pool, a real listen backlog),
/// request size limits, the write-token rule, JSON errors, and a hook that
/// sees every request (route, status, time) for metrics.

#include <httplib.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// Where to listen: `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:9000`.
struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;

  /// True for 127.0.0.0/8, ::1 and `localhost`.
  bool is_loopback() const;
  std::string text() const;
};

/// Parses `HOST:PORT` (IPv6 in brackets). Throws UsageError.
ListenAddress parse_listen_address(const std::string& text);

/// How the server runs.
struct HttpServerOptions {
  ListenAddress listen;
  /// Worker threads. cpp-httplib keeps one busy per open keep-alive
  /// connection (and per SSE client), so this caps concurrent clients.
  size_t threads = 128;
  /// Largest request body accepted (413 beyond it).
  size_t max_body_bytes = 64 * 1024;
  /// Idle keep-alive connections are closed after this long.
  int keep_alive_seconds = 30;
  /// Requests served on one connection before it is closed.
  size_t keep_alive_max_requests = 100'000;
  /// When set, every write (POST, PUT, PATCH, DELETE) needs `Authorization: Bearer <token>`.
  std::optional<std::string> token;
};

/// What the request hook sees once a response is ready.
struct RequestRecord {
  std::string_view method;
  std::string_view route;  ///< the registered pattern, `unmatched` for a 404
  int status;
  std::chrono::nanoseconds duration;
};

/// A cpp-httplib server with ecomflow's rules. Register routes, bind, run.
class HttpServer {
 public:
  using Request = httplib::Request;
  using Response = httplib::Response;
  using Handler = std::function<void(const Request&, Response&)>;
  using Observer = std::function<void(const RequestRecord&)>;

  explicit HttpServer(HttpServerOptions options);

  /// Read routes. `pattern` is an ECMAScript regex over the path; captures
  /// land in `request.matches[1…]`.
  void get(const std::string& pattern, Handler handler);
  /// Write routes: they require the token when one is configured.
  void post(const std::string& pattern, Handler handler);
  void put(const std::string& pattern, Handler handler);
  void del(const std::string& pattern, Handler handler);

  /// Adds a hook called after every request (metrics, access log). Hooks run
  /// on the request's thread and must be thread-safe and quick.
  void add_observer(Observer observer);

  /// Binds the listen address. Throws UserError when it is taken or invalid.
  void bind();
  /// The bound port (useful with port 0).
  int port() const { return port_; }
  /// Serves until stop(); returns after in-flight requests finished.
  void run();
  /// Stops accepting and ends run(). Safe from any thread.
  void stop();

  const HttpServerOptions& options() const { return options_; }
  /// The underlying server, for what this wrapper does not cover.
  httplib::Server& native() { return server_; }

 private:
  enum class Access { kRead, kWrite };
  Handler wrap(std::string route, Access access, Handler handler);
  bool authorized(const Request& request) const;
  void observe(const Request& request, std::string_view route, int status,
               std::chrono::steady_clock::time_point start) const;

  HttpServerOptions options_;
  httplib::Server server_;
  std::vector<Observer> observers_;  // set before run(), then only read
  int listen_socket_ = -1;
  int port_ = 0;
};

/// Sends `body` (JSON text) with `status`.
void send_json(HttpServer::Response& response, int status, std::string body);
/// Sends `{"error": error, "detail": detail}` with `status`.
void send_error(HttpServer::Response& response, int status, std::string_view error, std::string_view detail);

/// Compares two secrets in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ecomflow
