#pragma once
/// The command line as data: every visible subcommand and option of the
/// CLI11 app, read back from the app itself, for the shell completion and
/// the man page (so neither can drift from the flags).

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "cli/settings.hpp"

namespace ecomflow {

/// One option or positional argument of a command.
struct OptionEntry {
  std::vector<std::string> names;    ///< `-h`, `--help`; empty for a positional
  std::string positional;            ///< the positional's name (`DIR`), else empty
  std::string value_name;            ///< `FILE`, `URL`, ...; empty for a flag
  std::vector<std::string> choices;  ///< the accepted values when they are a fixed set
  std::string description;
};

/// One command: the root (empty path) or a subcommand at any depth.
struct CommandEntry {
  std::vector<std::string> path;  ///< `{"catalog", "import"}`; empty for the root
  std::string description;
  std::vector<OptionEntry> options;
  std::vector<std::string> subcommands;  ///< visible child names, in definition order
};

/// Every visible command of `root`, parents before children. Hidden
/// subcommands (empty group) and hidden options are left out. `settings`
/// supplies the choices of settings restricted to a set of values.
std::vector<CommandEntry> describe_commands(CLI::App& root, const Settings& settings);

/// `catalog import` for a path, `ecomflow` prefixed when `with_program`.
std::string command_name(const std::vector<std::string>& path, bool with_program);

}  // namespace ecomflow
