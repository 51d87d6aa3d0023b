#pragma once
/// "Did you mean …?" for a mistyped command, flag or setting name.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// Edit distance (insertions, deletions, substitutions; a swap of two
/// neighbouring letters counts as one) between two names.
size_t edit_distance(std::string_view left, std::string_view right);

/// The name in `names` nearest to `typed`, if it is near enough to be the
/// one meant: at most 2 edits, and at most one per three letters.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& names);

/// `; did you mean 'run'?` for the closest name, or an empty string.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& names);

}  // namespace ecomflow
