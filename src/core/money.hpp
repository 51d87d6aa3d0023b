#pragma once
/// Exact money: integer cents in memory, NUMERIC(10,2) in databases.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ecomflow {

/// An amount of money in cents. Revenue is quantity × price, never a float.
using Cents = int64_t;

/// Parses "149.99", "24.5", "10" or "-3.07" into cents; nullopt for anything
/// else (more than two decimals, junk, overflow).
std::optional<Cents> parse_cents(std::string_view text);

/// Formats cents with exactly two decimals: 1499950 -> "14999.50".
std::string format_cents(Cents cents);

}  // namespace ecomflow
