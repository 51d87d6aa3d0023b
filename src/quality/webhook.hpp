#pragma once
/// Alert delivery: a JSON POST to a webhook URL, retried with backoff when
/// the receiver is down or answers 5xx/429.

#include <chrono>
#include <string>

namespace ecomflow {

/// How hard to try.
struct WebhookOptions {
  int attempts = 4;                              ///< tries in all
  std::chrono::milliseconds first_backoff{500};  ///< wait after the first failure; doubles each time
  std::chrono::seconds timeout{10};              ///< connect and read timeout of one try
};

/// What happened to one alert.
struct WebhookDelivery {
  bool delivered = false;
  int attempts = 0;     ///< tries made
  int last_status = 0;  ///< HTTP status of the last try, 0 when no answer
  std::string error;    ///< why the last try failed
};

/// POSTs `json` with Content-Type application/json to `url` (http:// or
/// https://). Retries connection failures, 5xx and 429; a 4xx other than 429
/// is final. Throws UsageError for a URL it cannot use.
WebhookDelivery post_webhook(const std::string& url, const std::string& json, const WebhookOptions& options);

}  // namespace ecomflow
