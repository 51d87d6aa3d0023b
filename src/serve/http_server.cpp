#include "serve/http_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>

#include "core/error.hpp"
#include "core/redact.hpp"
#include "serve/json_writer.hpp"
#include "serve/request_parsing.hpp"

namespace ecomflow {
namespace {

/// cpp-httplib 0.11 is built with a listen backlog of 5: under a burst of
/// new connections the kernel drops SYNs and clients wait a second to retry.
/// listen() again on the bound socket raises it (the kernel caps it at somaxconn).
constexpr int kListenBacklog = 1024;

}  // namespace

bool ListenAddress::is_loopback() const {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

std::string ListenAddress::text() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

ListenAddress parse_listen_address(const std::string& text) {
  ListenAddress address;
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw UsageError(fmt::format("--listen '{}': expected [IPV6]:PORT", text));
    address.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
      throw UsageError(fmt::format("--listen '{}': expected HOST:PORT, e.g. 127.0.0.1:8080", text));
    address.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  int port = -1;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    throw UsageError(fmt::format("--listen '{}': the port must be 0-65535", text));
  address.port = port;
  return address;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walk the longer length so the time says nothing about where they differ.
  const size_t length = std::max(a.size(), b.size());
  unsigned difference = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < length; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    difference |= x ^ y;
  }
  return difference == 0;
}

void send_json(HttpServer::Response& response, int status, std::string body) {
  response.status = status;
  body += '\n';
  response.set_content(std::move(body), "application/json");
}

void send_error(HttpServer::Response& response, int status, std::string_view error, std::string_view detail) {
  send_json(response, status, json_error(error, detail));
}

HttpServer::HttpServer(HttpServerOptions options) : options_(std::move(options)) {
  const size_t threads = std::max<size_t>(1, options_.threads);
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_timeout(options_.keep_alive_seconds);
  server_.set_keep_alive_max_count(options_.keep_alive_max_requests);
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_read_timeout(10, 0);
  server_.set_write_timeout(10, 0);
  server_.set_socket_options([this](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = socket;
  });
  // Anything that ends in an error status without a body (no route, a body
  // too large, a malformed request) still answers in the JSON error shape.
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([this](const Request& request, Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (response.status) {
          case 404:
            send_error(response, 404, "not_found",
                       fmt::format("no route for {} {}", request.method, request.path));
            break;
          case 413:
            send_error(response, 413, "payload_too_large",
                       fmt::format("request bodies are limited to {} bytes", options_.max_body_bytes));
            break;
          default:
            send_error(response, response.status, "bad_request", "the request could not be read");
        }
        observe(request, "unmatched", response.status, std::chrono::steady_clock::now());
        return httplib::Server::HandlerResponse::Handled;
      }));
}

bool HttpServer::authorized(const Request& request) const {
  return bearer_token_accepted(request.get_header_value("Authorization"), options_.token);
}

void HttpServer::observe(const Request& request, std::string_view route, int status,
                         std::chrono::steady_clock::time_point start) const {
  if (observers_.empty()) return;
  const RequestRecord record{.method = request.method,
                             .route = route,
                             .status = status,
                             .duration = std::chrono::steady_clock::now() - start};
  for (const Observer& observer : observers_) observer(record);
}

HttpServer::Handler HttpServer::wrap(std::string route, Access access, Handler handler) {
  return [this, route = std::move(route), access, handler = std::move(handler)](const Request& request,
                                                                                Response& response) {
    const auto start = std::chrono::steady_clock::now();
    if (access == Access::kWrite && !authorized(request)) {
      response.set_header("WWW-Authenticate", "Bearer");
      send_error(response, 401, "unauthorized",
                 "this endpoint writes: send the server's token as `Authorization: Bearer <token>`");
    } else {
      try {
        handler(request, response);
      } catch (const UserError& error) {
        // A database that went away or refused the statement: the request
        // may succeed later, and the client did nothing wrong.
        send_error(response, 503, "unavailable", redact_secrets(error.what()));
      } catch (const std::exception& error) {
        send_error(response, 500, "internal", redact_secrets(error.what()));
      }
    }
    observe(request, route, response.status, start);
  };
}

void HttpServer::get(const std::string& pattern, Handler handler) {
  server_.Get(pattern, wrap(pattern, Access::kRead, std::move(handler)));
}
void HttpServer::post(const std::string& pattern, Handler handler) {
  server_.Post(pattern, wrap(pattern, Access::kWrite, std::move(handler)));
}
void HttpServer::put(const std::string& pattern, Handler handler) {
  server_.Put(pattern, wrap(pattern, Access::kWrite, std::move(handler)));
}
void HttpServer::del(const std::string& pattern, Handler handler) {
  server_.Delete(pattern, wrap(pattern, Access::kWrite, std::move(handler)));
}

void HttpServer::add_observer(Observer observer) { observers_.push_back(std::move(observer)); }

void HttpServer::bind() {
  const ListenAddress& listen = options_.listen;
  bool bound = false;
  if (listen.port == 0) {
    port_ = server_.bind_to_any_port(listen.host);
    bound = port_ > 0;
  } else {
    bound = server_.bind_to_port(listen.host, listen.port);
    port_ = listen.port;
  }
  if (!bound)
    throw UserError(fmt::format("cannot listen on {}: the address is in use or not available on this machine",
                                listen.text()));
  if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
}

void HttpServer::run() { server_.listen_after_bind(); }

void HttpServer::stop() { server_.stop(); }

}  // namespace ecomflow
