#pragma once
/// Settings with the precedence flags > ECOMFLOW_* environment > .env file >
/// ecomflow.toml > built-in defaults, and where each value came from.

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

namespace ecomflow {

/// One setting: its key (`db`), flag, environment name (`ECOMFLOW_DB`),
/// TOML key (`db`), default, and the value and source finally chosen.
struct Setting {
  std::string key;
  std::string help;
  std::string default_value;
  std::vector<std::string> choices;  ///< allowed values; empty = any
  bool secret = false;
  bool is_integer = false;
  long long max_integer = 0;          ///< largest accepted integer (require_integer)
  std::string flag_value;             ///< bound to the CLI11 options
  std::vector<CLI::Option*> options;  ///< one per command that takes the setting as a flag
  std::string value;
  std::string source;  ///< `flag`, `env`, `.env`, the TOML file, or `default`
};

/// The registry of settings. Commands add the settings they read, the parse
/// fills in flags, and resolve() applies the other layers.
class Settings {
 public:
  /// Declares a setting and its flag on `app`. Returns the CLI11 option so
  /// callers can add aliases or checks. Keys are unique.
  CLI::Option* add(CLI::App& app, const std::string& key, const std::string& flags,
                   const std::string& default_value, const std::string& help);
  /// Marks a setting's value as secret (masked in `ecomflow config`).
  void mark_secret(const std::string& key);
  /// Restricts a setting to a set of values.
  void restrict_to(const std::string& key, std::vector<std::string> choices);
  /// Requires a setting to be a non-negative integer, at most `max` (a
  /// larger value is a usage error, not an allocation that fails later).
  void require_integer(const std::string& key, long long max = 999'999'999'999);

  /// Applies env, `.env` (in the working directory) and the TOML file
  /// (`config_path`, or `ecomflow.toml` if it exists) beneath the flags, and
  /// validates. Throws UsageError with the offending source named.
  void resolve(const std::string& config_path);

  const std::string& get(const std::string& key) const;
  long long get_integer(const std::string& key) const;
  /// Overrides a value after resolve (for derived defaults). Source "derived".
  void set(const std::string& key, const std::string& value);
  const std::map<std::string, Setting>& all() const { return settings_; }
  /// The TOML file that was read, or empty.
  const std::string& config_file() const { return config_file_; }

  /// `db` → `ECOMFLOW_DB`.
  static std::string env_name(const std::string& key);

 private:
  std::map<std::string, Setting> settings_;
  std::string config_file_;
};

}  // namespace ecomflow
