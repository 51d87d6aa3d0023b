#include "cli/settings.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/closest_name.hpp"
#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Sections of ecomflow.toml that belong to a command rather than a setting.
constexpr const char* kTomlSections[] = {"checks"};

std::string trim(std::string text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

/// Reads KEY=VALUE lines of a `.env` file (comments, `export`, quotes allowed).
std::map<std::string, std::string> read_dotenv(const std::filesystem::path& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
    const size_t equals = line.find('=');
    if (equals == std::string::npos)
      throw UsageError(fmt::format("{}:{}: expected KEY=VALUE, got '{}'", path.string(), line_number, line));
    std::string value = trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    values[trim(line.substr(0, equals))] = value;
  }
  return values;
}

std::string toml_scalar(const toml::node& node, const std::string& key, const std::string& file) {
  if (auto text = node.value<std::string>()) return *text;
  if (auto integer = node.value<int64_t>(); integer && node.is_integer()) return std::to_string(*integer);
  if (auto boolean = node.value<bool>(); boolean && node.is_boolean()) return *boolean ? "true" : "false";
  if (auto number = node.value<double>()) return fmt::format("{}", *number);
  throw UsageError(fmt::format("{}: setting '{}' must be a string or a number", file, key));
}

}  // namespace

std::string Settings::env_name(const std::string& key) {
  std::string name = "ECOMFLOW_";
  for (char c : key) name += c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

CLI::Option* Settings::add(CLI::App& app, const std::string& key, const std::string& flags,
                           const std::string& default_value, const std::string& help) {
  auto [entry, inserted] = settings_.try_emplace(key);
  Setting& setting = entry->second;
  if (inserted) {
    setting.key = key;
    setting.help = help;
    setting.default_value = default_value;
  }
  const std::string shown_default = default_value.empty() ? "" : " [default: " + default_value + "]";
  CLI::Option* option =
      app.add_option(flags, setting.flag_value, help + shown_default + " (env " + env_name(key) + ")");
  option->type_name(key == "db" || key == "redis" ? "URL" : "VALUE");
  setting.options.push_back(option);
  return option;
}

void Settings::mark_secret(const std::string& key) { settings_.at(key).secret = true; }

void Settings::restrict_to(const std::string& key, std::vector<std::string> choices) {
  settings_.at(key).choices = std::move(choices);
}

void Settings::require_integer(const std::string& key, long long max) {
  settings_.at(key).is_integer = true;
  settings_.at(key).max_integer = max;
}

void Settings::resolve(const std::string& config_path) {
  std::map<std::string, std::string> dotenv;
  if (std::filesystem::exists(".env")) dotenv = read_dotenv(".env");

  std::map<std::string, std::string> from_toml;
  std::string toml_path = config_path;
  if (toml_path.empty()) {
    if (const char* env = std::getenv("ECOMFLOW_CONFIG"); env && *env)
      toml_path = env;
    else if (dotenv.count("ECOMFLOW_CONFIG"))
      toml_path = dotenv["ECOMFLOW_CONFIG"];
    else if (std::filesystem::exists("ecomflow.toml"))
      toml_path = "ecomflow.toml";
  }
  if (!toml_path.empty()) {
    if (!std::filesystem::exists(toml_path))
      throw UsageError(fmt::format("config file '{}' does not exist", toml_path));
    toml::table table;
    try {
      table = toml::parse_file(toml_path);
    } catch (const toml::parse_error& error) {
      const auto& where = error.source().begin;
      throw UsageError(fmt::format("{}:{}:{}: {}", toml_path, where.line, where.column, error.description()));
    }
    std::vector<std::string> known(std::begin(kTomlSections), std::end(kTomlSections));
    for (const auto& [key, setting] : settings_) known.push_back(key);
    for (const auto& [name, node] : table) {
      const std::string key(name.str());
      std::string normalized = key;
      std::replace(normalized.begin(), normalized.end(), '-', '_');
      // A misspelt key would otherwise be ignored and its default used.
      if (std::find(known.begin(), known.end(), normalized) == known.end())
        throw UsageError(
            fmt::format("{}: unknown setting '{}'{}", toml_path, key, did_you_mean(normalized, known)));
      if (node.is_table() || node.is_array())
        continue;  // sections such as [[checks]] belong to their commands
      from_toml[normalized] = toml_scalar(node, key, toml_path);
    }
    config_file_ = toml_path;
  }

  for (auto& [key, setting] : settings_) {
    const std::string env = env_name(key);
    const bool from_flag = std::any_of(setting.options.begin(), setting.options.end(),
                                       [](const CLI::Option* option) { return option->count() > 0; });
    if (from_flag) {
      setting.value = setting.flag_value;
      setting.source = "flag";
    } else if (const char* value = std::getenv(env.c_str()); value != nullptr) {
      setting.value = value;
      setting.source = "env " + env;
    } else if (auto found = dotenv.find(env); found != dotenv.end()) {
      setting.value = found->second;
      setting.source = ".env";
    } else if (auto found_toml = from_toml.find(key); found_toml != from_toml.end()) {
      setting.value = found_toml->second;
      setting.source = toml_path;
    } else {
      setting.value = setting.default_value;
      setting.source = "default";
    }
    if (!setting.choices.empty() &&
        std::find(setting.choices.begin(), setting.choices.end(), setting.value) == setting.choices.end()) {
      std::string allowed;
      for (const auto& choice : setting.choices) allowed += (allowed.empty() ? "" : ", ") + choice;
      throw UsageError(fmt::format("invalid value '{}' for {} (from {}): expected one of {}", setting.value,
                                   key, setting.source, allowed));
    }
    if (setting.is_integer && !setting.value.empty() &&
        (setting.value.find_first_not_of("0123456789") != std::string::npos || setting.value.size() > 12)) {
      throw UsageError(fmt::format("invalid value '{}' for {} (from {}): expected a non-negative integer",
                                   setting.value, key, setting.source));
    }
    if (setting.is_integer && !setting.value.empty() && std::stoll(setting.value) > setting.max_integer) {
      throw UsageError(fmt::format("invalid value '{}' for {} (from {}): at most {}", setting.value, key,
                                   setting.source, setting.max_integer));
    }
  }
}

const std::string& Settings::get(const std::string& key) const { return settings_.at(key).value; }

long long Settings::get_integer(const std::string& key) const {
  const std::string& value = get(key);
  return value.empty() ? 0 : std::stoll(value);
}

void Settings::set(const std::string& key, const std::string& value) {
  Setting& setting = settings_.at(key);
  setting.value = value;
  setting.source = "derived";
}

}  // namespace ecomflow
