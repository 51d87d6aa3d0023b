#pragma once
/// Where checks come from: `[[checks]]` tables of the config file, or the
/// built-in default set (the same set ecomflow.toml.example spells out).

#include <string>
#include <string_view>
#include <vector>

#include "quality/check_spec.hpp"

namespace ecomflow {

/// The checks of `config_file` (or of `./ecomflow.toml` when `config_file`
/// is empty and that file exists); the default set when there are no
/// `[[checks]]`. Throws UsageError naming the file, check and problem.
std::vector<CheckSpec> load_checks(const std::string& config_file);

/// The `[[checks]]` of TOML text; empty when there are none. `source` names
/// the text in errors. Throws UsageError.
std::vector<CheckSpec> parse_checks(std::string_view toml_text, const std::string& source);

/// The built-in checks: catalog keys and values, facts against the catalog,
/// quantities and prices in range, freshness, volume, quarantine rate, and
/// the warehouse's keys when it exists.
std::vector<CheckSpec> default_checks();

}  // namespace ecomflow
