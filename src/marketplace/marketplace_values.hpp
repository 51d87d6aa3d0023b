#pragma once
/// Parsers for the values of the amazon.in marketplace export: rupee prices
/// (`₹399`, `"₹1,099"`, `₹176.63`), discounts (`64%`), ratings (`4.2`) and
/// counts with Indian or Western digit grouping (`"1,79,691"`, `"24,269"`).
/// Each returns nullopt for a value it cannot read exactly; the caller
/// decides whether that quarantines the row or becomes a reported null.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/money.hpp"

namespace ecomflow {

/// A price in minor units (paise): `₹1,099` -> 109900, `₹176.63` -> 17663.
/// The currency sign is optional; at most two decimals; grouped digits must
/// be grouped consistently (see parse_grouped_count).
std::optional<Cents> parse_marketplace_price(std::string_view text);

/// A whole percentage 0–100: `64%` -> 64 (the sign is optional).
std::optional<int> parse_discount_percent(std::string_view text);

/// A rating 0.0–5.0 with at most one decimal, in tenths: `4.2` -> 42, `4` -> 40.
std::optional<int> parse_rating_tenths(std::string_view text);

/// A non-negative count, bare (`1234`) or grouped by commas the Indian way
/// (`1,79,691`: a last group of three, groups of two before it) or the
/// Western way (`24,269`, `1,234,567`).
std::optional<int64_t> parse_grouped_count(std::string_view text);

/// Text without surrounding ASCII spaces and tabs.
std::string_view trim_blank(std::string_view text);

}  // namespace ecomflow
