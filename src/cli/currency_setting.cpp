/// The currency setting `run` and `report` share.

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/closest_name.hpp"
#include "core/error.hpp"

namespace ecomflow {

void add_currency_setting(CLI::App& command, Settings& settings) {
  settings.add(command, "currency", "--currency", "",
               "ISO 4217 code money is shown in on the console, the charts and the page (USD, EUR, GBP, "
               "INR, JPY, ...); amounts are not converted. Unset: the catalog's own currency (a "
               "marketplace import records it), else USD");
}

std::optional<Currency> currency_setting(const Settings& settings) {
  if (settings.all().at("currency").source == "default") return std::nullopt;
  const std::string& code = settings.get("currency");
  if (const std::optional<Currency> currency = find_currency(code)) return *currency;
  std::string known;
  for (const std::string& name : currency_codes()) known += (known.empty() ? "" : ", ") + name;
  throw UsageError(fmt::format("unknown currency '{}' for currency (from {}){}; known: {}", code,
                               settings.all().at("currency").source, did_you_mean(code, currency_codes()),
                               known));
}

}  // namespace ecomflow
