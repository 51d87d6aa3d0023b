/// `ecomflow config`: the effective settings, where each came from, secrets masked.

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/redact.hpp"

namespace ecomflow {

void add_config_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand("config", "Print the effective settings and where each came from");
  command->callback([&context] {
    context.action = [&context] {
      const auto& all = context.settings.all();
      size_t key_width = 3, value_width = 5;
      for (const auto& [key, setting] : all) {
        key_width = std::max(key_width, key.size());
        value_width = std::max(value_width, redact_secrets(setting.value).size());
      }
      fmt::print("{:<{}}  {:<{}}  {}\n", "key", key_width, "value", value_width, "source");
      for (const auto& [key, setting] : all) {
        const std::string shown = setting.secret ? redact_secrets(setting.value) : setting.value;
        fmt::print("{:<{}}  {:<{}}  {}\n", key, key_width, shown, value_width, setting.source);
      }
      if (!context.settings.config_file().empty())
        fmt::print("\nconfig file: {}\n", context.settings.config_file());
      return 0;
    };
  });
}

}  // namespace ecomflow
