/// `ecomflow serve`: the shop's JSON API over HTTP until SIGINT or SIGTERM.

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

#include "cli/command.hpp"
#include "cli/shop_settings.hpp"
#include "core/error.hpp"
#include "serve/routes.hpp"
#include "store/catalog_store.hpp"
#include "store/migrations.hpp"

namespace ecomflow {
namespace {

/// Flags of `ecomflow serve` that are not settings.
struct ServeFlags {
  size_t http_threads = 128;
  size_t db_connections = 16;
  size_t max_body = 64 * 1024;
};

/// The write token: --token-file's first line, else ECOMFLOW_API_TOKEN.
std::optional<std::string> read_token(const std::string& token_file) {
  std::string token;
  if (!token_file.empty()) {
    std::ifstream in(token_file);
    if (!in) throw UsageError(fmt::format("--token-file: cannot read '{}'", token_file));
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty())
      throw UsageError(fmt::format("--token-file: '{}' holds no token on its first line", token_file));
  } else if (const char* env = std::getenv("ECOMFLOW_API_TOKEN"); env && *env) {
    token = env;
  } else {
    return std::nullopt;
  }
  if (token.size() < 16) throw UsageError("the API token must be at least 16 characters");
  return token;
}

/// Blocks SIGINT/SIGTERM in this thread and every thread it starts, and
/// waits for them on a thread of its own; `on_signal` runs there once.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int)> on_signal) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::thread([this, on_signal = std::move(on_signal)] {
      const timespec tick{0, 200'000'000};
      while (!done_) {
        const int signal = sigtimedwait(&signals_, nullptr, &tick);
        if (signal > 0) {
          on_signal(signal);
          return;
        }
      }
    });
  }
  ~SignalWatcher() {
    done_ = true;
    thread_.join();
    pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
  }

 private:
  sigset_t signals_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

int run_serve(const ServeFlags& flags, const Settings& settings) {
  HttpServerOptions options{.listen = parse_listen_address(settings.get("listen")),
                            .threads = flags.http_threads,
                            .max_body_bytes = flags.max_body,
                            .token = read_token(settings.get("token_file"))};
  if (!options.token && !options.listen.is_loopback())
    throw UsageError(fmt::format(
        "refusing to listen on {} without a token: anyone who can reach it could write; set --token-file "
        "or ECOMFLOW_API_TOKEN, or listen on 127.0.0.1",
        options.listen.text()));

  // Before any thread starts, so they all inherit the blocked signals.
  std::atomic<HttpServer*> running{nullptr};
  std::atomic<bool> stopping{false};
  SignalWatcher watcher([&](int signal) {
    spdlog::info("serve: {} received, finishing requests in flight", signal == SIGINT ? "SIGINT" : "SIGTERM");
    stopping = true;
    if (HttpServer* server = running.load()) server->stop();
  });

  Currency currency;
  Shop shop(shop_options(settings, flags.db_connections));
  {
    PooledDatabase database = shop.database().acquire();
    migrate(*database);
    currency = shown_currency(currency_setting(settings), *database);
  }
  HttpServer server(options);
  ServeContext context{
      .shop = shop, .database = shop.database(), .server_options = server.options(), .currency = currency};
  add_all_routes(server, context);
  server.bind();
  running = &server;
  if (stopping) return 0;  // a signal during start-up
  fmt::print(stderr, "ecomflow serve: listening on http://{}:{} (database {}, {})\n",
             options.listen.host.find(':') != std::string::npos ? "[" + options.listen.host + "]"
                                                                : options.listen.host,
             server.port(), shop.database().display_name(),
             settings.get("redis").empty() ? "carts in the database, caches in process"
                                           : "carts and caches in Redis");
  if (options.token)
    fmt::print(stderr, "ecomflow serve: writes need `Authorization: Bearer <token>`\n");
  else
    fmt::print(stderr,
               "ecomflow serve: no token configured: writes are open to every local user of this machine\n");
  server.run();
  running = nullptr;
  fmt::print(stderr, "ecomflow serve: stopped\n");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* command = root.add_subcommand("serve", "Serve the shop's JSON API over HTTP (--db, --redis)");
  Settings& settings = context.settings;
  settings.add(*command, "listen", "--listen", "127.0.0.1:8080",
               "HOST:PORT to listen on; a non-loopback address needs a token");
  settings.add(*command, "token_file", "--token-file", "",
               "file whose first line is the token writes must send as `Authorization: Bearer` (else env "
               "ECOMFLOW_API_TOKEN; none: loopback only)");
  add_shop_settings(*command, settings);
  add_currency_setting(*command, settings);
  command
      ->add_option("--http-threads", flags->http_threads,
                   "request threads; each open keep-alive connection holds one")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  command->add_option("--db-connections", flags->db_connections, "database connections in the pool")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command->add_option("--max-body", flags->max_body, "largest request body in bytes (413 beyond)")
      ->check(CLI::Range(1024, 64 * 1024 * 1024))
      ->capture_default_str();
  command->footer(
      "Stops cleanly on SIGINT or SIGTERM. The dashboard shows money in --currency, else in the catalog's "
      "own currency. Endpoints: docs/api.md.");
  command->callback([flags, &context] {
    context.action = [flags, &context] { return run_serve(*flags, context.settings); };
  });
}

}  // namespace ecomflow
