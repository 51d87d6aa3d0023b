#pragma once
/// The currency money is shown in: its ISO 4217 code, the sign written
/// before amounts and how many decimals (minor-unit digits) it shows.
/// Amounts stay integer hundredths of the unit (Cents) whatever the currency.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace ecomflow {

/// A currency for displaying money.
struct Currency {
  std::string code = "USD";  ///< ISO 4217
  std::string symbol = "$";  ///< written before amounts: "$", "€", "CHF "
  int minor_digits = 2;      ///< decimals shown: 2 for USD, 0 for JPY
};

/// The currency with ISO 4217 code `code` ("usd" is accepted as "USD"), or
/// nullopt when it is not one ecomflow knows.
std::optional<Currency> find_currency(std::string_view code);

/// Every currency code find_currency() knows, in alphabetical order.
const std::vector<std::string>& currency_codes();

/// `amount` (hundredths) rounded half away from zero to the currency's minor
/// unit and written with exactly its decimals, no sign or grouping: 7098607 ->
/// "70986.07" (USD), "70986" (JPY).
std::string format_currency_amount(Cents amount, const Currency& currency);

}  // namespace ecomflow
