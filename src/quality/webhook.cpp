#include "quality/webhook.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <thread>

#include "core/error.hpp"
#include "core/redact.hpp"

namespace ecomflow {
namespace {

/// `scheme://host[:port]` and the path of a webhook URL.
std::pair<std::string, std::string> split_url(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0))
    throw UsageError(
        fmt::format("webhook URL '{}' must start with http:// or https://", redact_secrets(url)));
  const size_t path_start = url.find('/', scheme_end + 3);
  if (path_start == scheme_end + 3) throw UsageError("webhook URL has no host");
  if (path_start == std::string::npos) return {url, "/"};
  return {url.substr(0, path_start), url.substr(path_start)};
}

}  // namespace

WebhookDelivery post_webhook(const std::string& url, const std::string& json, const WebhookOptions& options) {
  const auto [origin, path] = split_url(url);
  httplib::Client client(origin);
  if (!client.is_valid())
    throw UsageError(fmt::format("webhook URL '{}' is not usable", redact_secrets(url)));
  client.set_connection_timeout(options.timeout);
  client.set_read_timeout(options.timeout);
  client.set_write_timeout(options.timeout);
  WebhookDelivery delivery;
  auto backoff = options.first_backoff;
  for (int attempt = 1; attempt <= std::max(1, options.attempts); ++attempt) {
    delivery.attempts = attempt;
    const auto response = client.Post(path, json, "application/json");
    if (response) {
      delivery.last_status = response->status;
      if (response->status >= 200 && response->status < 300) {
        delivery.delivered = true;
        delivery.error.clear();
        return delivery;
      }
      delivery.error = fmt::format("HTTP {}", response->status);
      const bool retryable = response->status >= 500 || response->status == 429;
      if (!retryable) return delivery;
    } else {
      delivery.last_status = 0;
      delivery.error = httplib::to_string(response.error());
    }
    if (attempt < options.attempts) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  return delivery;
}

}  // namespace ecomflow
