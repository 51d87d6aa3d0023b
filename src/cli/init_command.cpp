/// `ecomflow init [DIR]`: starts a project folder — ecomflow.toml with every
/// setting at its default and the default checks, .env.example, a README,
/// a cron line and a systemd override — without overwriting anything unless
/// told to.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "cli/command.hpp"
#include "core/error.hpp"

namespace ecomflow {

/// ecomflow.toml.example, compiled in by the build (its `[[checks]]` are the
/// default set; a quality test keeps the two equal).
extern const char* const kExampleConfig;

namespace {

namespace fs = std::filesystem;

/// Which commands take each setting as a flag, by walking the app.
void collect_commands(CLI::App& app, const std::string& name, const Settings& settings,
                      std::map<std::string, std::set<std::string>>& commands) {
  for (const auto& [key, setting] : settings.all())
    for (const CLI::Option* option : setting.options)
      if (app.get_option_no_throw(option->get_name()) == option) commands[key].insert(name);
  for (CLI::App* child : app.get_subcommands([](CLI::App*) { return true; }))
    collect_commands(*child, name.empty() ? child->get_name() : name + " " + child->get_name(), settings,
                     commands);
}

std::string toml_value(const Setting& setting) {
  if (setting.is_integer && !setting.default_value.empty()) return setting.default_value;
  std::string quoted = "\"";
  for (char c : setting.default_value)
    quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return quoted + "\"";
}

/// The `[[checks]]` part of the example configuration, with its comment.
std::string default_checks_text() {
  const std::string example = kExampleConfig;
  size_t start = example.find("# Data-quality checks");
  if (start == std::string::npos) start = example.find("[[checks]]");
  return start == std::string::npos ? std::string() : example.substr(start);
}

std::string config_text(CLI::App& root, const Settings& settings) {
  std::map<std::string, std::set<std::string>> commands;
  collect_commands(root, "", settings, commands);
  std::string text =
      "# ecomflow settings for this project, read from the working directory (or\n"
      "# --config FILE, or ECOMFLOW_CONFIG). Every setting is shown at its default:\n"
      "# uncomment a line to change it. ECOMFLOW_* environment variables, .env and\n"
      "# flags win over this file; `ecomflow config` shows each value and its source.\n";
  for (const auto& [key, setting] : settings.all()) {
    std::string used_by;
    for (const auto& command : commands[key])
      used_by += (used_by.empty() ? "" : ", ") + (command.empty() ? "every command" : command);
    text +=
        fmt::format("\n# {} ({}; flag {}, env {})\n# {} = {}\n", setting.help, used_by,
                    setting.options.front()->get_name(), Settings::env_name(key), key, toml_value(setting));
  }
  const std::string checks = default_checks_text();
  if (!checks.empty()) text += "\n" + checks;
  return text;
}

std::string env_text(const Settings& settings) {
  std::string text =
      "# Environment for ecomflow: copy to .env (read from the working directory)\n"
      "# or use as a systemd EnvironmentFile (/etc/ecomflow/env). These values win\n"
      "# over ecomflow.toml; flags win over both. Keep passwords here, not in\n"
      "# ecomflow.toml, and the file private (chmod 600).\n";
  for (const auto& [key, setting] : settings.all())
    text += fmt::format("# {}={}\n", Settings::env_name(key), setting.default_value);
  text += "# ECOMFLOW_CONFIG=ecomflow.toml\n";
  return text;
}

std::string readme_text(const fs::path& dir) {
  return fmt::format(
      "# {}\n\n"
      "An ecomflow project folder.\n\n"
      "* `ecomflow.toml` — settings (each at its default, commented) and the data-quality checks.\n"
      "* `.env.example` — the same settings as `ECOMFLOW_*` variables; copy to `.env` for secrets.\n"
      "* `ecomflow.cron` — a crontab line running the pipeline every night.\n"
      "* `systemd/ecomflow-run.service.d/override.conf` — points the packaged\n"
      "  `ecomflow-run.service` at this folder.\n\n"
      "```sh\n"
      "cd {}\n"
      "ecomflow generate          # sample data into data/, catalog into ecomflow.db\n"
      "ecomflow run               # validate, enrich, aggregate, load; reports into reports/\n"
      "ecomflow config            # every setting and where it came from\n"
      "```\n\n"
      "`man ecomflow` and /usr/share/doc/ecomflow/operations.md describe running it daily.\n",
      dir.filename().string().empty() ? "ecomflow" : dir.filename().string(), dir.string());
}

/// The absolute path of the running binary, for lines run by cron or systemd.
std::string binary_path() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? "ecomflow" : self.string();
}

std::string cron_text(const fs::path& dir) {
  return fmt::format(
      "# Runs the pipeline every night at 02:30 from this folder. Add it with\n"
      "#   (crontab -l 2>/dev/null; grep -v '^#' ecomflow.cron) | crontab -\n"
      "# m h dom mon dow  command\n"
      "30 2 * * *  cd '{}' && '{}' run --no-progress >>ecomflow.log 2>&1\n",
      dir.string(), binary_path());
}

std::string override_text(const fs::path& dir) {
  const bool under_home = dir.string().rfind("/home/", 0) == 0;
  return fmt::format(
      "# Points the packaged ecomflow-run.service (and its daily timer) at this\n"
      "# project folder. Install it with\n"
      "#   sudo cp -r systemd/ecomflow-run.service.d /etc/systemd/system/\n"
      "#   sudo chown -R ecomflow:ecomflow '{0}'\n"
      "#   sudo systemctl daemon-reload && sudo systemctl enable --now ecomflow-run.timer\n"
      "# The same works for ecomflow-stream.service and ecomflow-serve.service.\n"
      "[Service]\n"
      "WorkingDirectory={0}\n"
      "Environment=ECOMFLOW_CONFIG={0}/ecomflow.toml\n"
      "# ProtectSystem=strict leaves only the listed paths writable.\n"
      "ReadWritePaths={0}\n"
      "{1}"
      "# Another time: `sudo systemctl edit ecomflow-run.timer` with\n"
      "#   [Timer]\n"
      "#   OnCalendar=\n"
      "#   OnCalendar=*-*-* 04:15:00\n",
      dir.string(), under_home ? "ProtectHome=read-only\n" : "");
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw UserError(fmt::format("cannot write {}", path.string()));
}

int run_init(CLI::App& root, const Settings& settings, const std::string& dir_argument, bool force) {
  std::error_code error;
  const fs::path dir = fs::weakly_canonical(fs::absolute(dir_argument), error);
  if (error) throw UserError(fmt::format("cannot use directory '{}': {}", dir_argument, error.message()));
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw UsageError(fmt::format("'{}' exists and is not a directory", dir_argument));

  const std::vector<std::pair<fs::path, std::string>> files{
      {dir / "ecomflow.toml", config_text(root, settings)},
      {dir / ".env.example", env_text(settings)},
      {dir / "README.md", readme_text(dir)},
      {dir / "ecomflow.cron", cron_text(dir)},
      {dir / "systemd" / "ecomflow-run.service.d" / "override.conf", override_text(dir)},
  };
  std::vector<std::string> existing;
  for (const auto& [path, text] : files)
    if (fs::exists(path)) existing.push_back(path.string());
  if (!existing.empty() && !force) {
    std::string names;
    for (const auto& name : existing) names += (names.empty() ? "" : ", ") + name;
    throw UsageError(fmt::format("not overwriting {}: nothing was written (--force overwrites)", names));
  }
  try {
    for (const auto& [path, text] : files) write_file(path, text);
  } catch (const fs::filesystem_error& failure) {
    throw UserError(fmt::format("cannot write into {}: {}", dir.string(), failure.code().message()));
  }
  for (const auto& [path, text] : files) fmt::print("wrote {}\n", path.string());
  fmt::print("next: cd {} && ecomflow generate && ecomflow run\n", dir.string());
  return 0;
}

}  // namespace

void add_init_command(CLI::App& root, CommandContext& context) {
  CLI::App* command = root.add_subcommand(
      "init", "Start a project folder: ecomflow.toml, .env.example, README, cron line, systemd override");
  auto dir = std::make_shared<std::string>(".");
  auto force = std::make_shared<bool>(false);
  command->add_option("dir", *dir, "the folder to write into (created if missing) [default: .]")
      ->type_name("DIR");
  command->add_flag("--force", *force, "overwrite files that already exist");
  command->callback([&root, &context, dir, force] {
    context.action = [&root, &context, dir, force] { return run_init(root, context.settings, *dir, *force); };
  });
}

}  // namespace ecomflow
