#include "cli/command_tree.hpp"

namespace ecomflow {
namespace {

/// The values a CLI11 `IsMember` check accepts, read from its description
/// (`TEXT:{error,warn,never}`); empty when the option has none.
std::vector<std::string> member_choices(const std::string& type_name) {
  const size_t open = type_name.find(":{");
  const size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> choices;
  std::string current;
  for (char c : type_name.substr(open + 2, close - open - 2)) {
    if (c == ',') {
      choices.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) choices.push_back(current);
  return choices;
}

OptionEntry describe_option(const CLI::Option& option,
                            const std::map<const CLI::Option*, std::vector<std::string>>& setting_choices) {
  OptionEntry entry;
  for (const auto& name : option.get_snames()) entry.names.push_back("-" + name);
  for (const auto& name : option.get_lnames()) entry.names.push_back("--" + name);
  if (option.get_positional() && entry.names.empty()) entry.positional = option.get_name(true);
  const std::string type_name = option.get_type_name();
  if (option.get_type_size_max() > 0 || option.get_positional())
    entry.value_name = type_name.substr(0, type_name.find(':'));
  if (auto found = setting_choices.find(&option); found != setting_choices.end())
    entry.choices = found->second;
  else
    entry.choices = member_choices(type_name);
  entry.description = option.get_description();
  return entry;
}

void describe(CLI::App& app, std::vector<std::string> path,
              const std::map<const CLI::Option*, std::vector<std::string>>& setting_choices,
              std::vector<CommandEntry>& out) {
  CommandEntry entry;
  entry.path = path;
  entry.description = app.get_description();
  for (const CLI::Option* option :
       app.get_options([](const CLI::Option* o) { return !o->get_group().empty(); }))
    entry.options.push_back(describe_option(*option, setting_choices));
  const auto children = app.get_subcommands([](CLI::App* child) { return !child->get_group().empty(); });
  for (const CLI::App* child : children) entry.subcommands.push_back(child->get_name());
  out.push_back(std::move(entry));
  for (CLI::App* child : children) {
    path.push_back(child->get_name());
    describe(*child, path, setting_choices, out);
    path.pop_back();
  }
}

}  // namespace

std::vector<CommandEntry> describe_commands(CLI::App& root, const Settings& settings) {
  std::map<const CLI::Option*, std::vector<std::string>> setting_choices;
  for (const auto& [key, setting] : settings.all())
    if (!setting.choices.empty())
      for (const CLI::Option* option : setting.options) setting_choices[option] = setting.choices;
  std::vector<CommandEntry> commands;
  describe(root, {}, setting_choices, commands);
  return commands;
}

std::string command_name(const std::vector<std::string>& path, bool with_program) {
  std::string name = with_program ? "ecomflow" : "";
  for (const auto& part : path) name += (name.empty() ? "" : " ") + part;
  return name;
}

}  // namespace ecomflow
