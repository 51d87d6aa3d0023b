/// `ecomflow query`: run one of the warehouse's named analytics queries and
/// print its rows as a table, CSV or JSON.

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/logging.hpp"
#include "store/analytics_queries.hpp"
#include "store/csv_table.hpp"
#include "store/database_url.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// Flags of `ecomflow query`.
struct QueryFlags {
  std::string name;
  std::string value;
  std::string format = "table";
  int64_t limit = -1;
  bool list = false;
  bool show_sql = false;
};

bool looks_numeric(const std::string& text) {
  if (text.empty()) return false;
  size_t i = text[0] == '-' ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && !dot)
      dot = true;
    else if (text[i] >= '0' && text[i] <= '9')
      digits = true;
    else
      return false;
  }
  return digits;
}

std::string csv_field(const std::string& value) {
  std::string field;
  append_report_csv_field(field, value);
  return field;
}

std::string json_string(const std::string& value) { return "\"" + json_escape(value) + "\""; }

void print_csv(const QueryResult& result) {
  std::string text;
  for (size_t i = 0; i < result.columns.size(); ++i) {
    if (i) text += ',';
    text += csv_field(result.columns[i]);
  }
  text += '\n';
  for (const auto& row : result.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) text += ',';
      if (row[i]) text += csv_field(*row[i]);
    }
    text += '\n';
  }
  fmt::print("{}", text);
}

void print_json(const QueryResult& result) {
  std::string text = "[";
  for (size_t r = 0; r < result.rows.size(); ++r) {
    text += r ? ",\n {" : "\n {";
    for (size_t i = 0; i < result.columns.size(); ++i) {
      const auto& value = result.rows[r][i];
      text += fmt::format("{}{}: {}", i ? ", " : "", json_string(result.columns[i]),
                          !value                  ? "null"
                          : looks_numeric(*value) ? *value
                                                  : json_string(*value));
    }
    text += '}';
  }
  text += result.rows.empty() ? "]\n" : "\n]\n";
  fmt::print("{}", text);
}

void print_table(const QueryResult& result) {
  std::vector<size_t> widths(result.columns.size());
  std::vector<bool> numeric(result.columns.size(), true);
  for (size_t i = 0; i < result.columns.size(); ++i) widths[i] = result.columns[i].size();
  for (const auto& row : result.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i] ? row[i]->size() : 4);
      if (row[i] && !looks_numeric(*row[i])) numeric[i] = false;
    }
  }
  const auto line = [&](const auto& cell) {
    std::string text;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string value = cell(i);
      text += i ? "  " : "";
      text += numeric[i] ? fmt::format("{:>{}}", value, widths[i]) : fmt::format("{:<{}}", value, widths[i]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + '\n';
  };
  std::string text = line([&](size_t i) { return result.columns[i]; });
  text += line([&](size_t i) { return std::string(widths[i], '-'); });
  for (const auto& row : result.rows) text += line([&](size_t i) { return row[i].value_or("NULL"); });
  text += fmt::format("({} row{})\n", result.rows.size(), result.rows.size() == 1 ? "" : "s");
  fmt::print("{}", text);
}

int list_queries() {
  size_t width = 0;
  for (const AnalyticsQuery& query : analytics_queries()) width = std::max(width, query.name.size());
  for (const AnalyticsQuery& query : analytics_queries())
    fmt::print("{:<{}}  {}{}\n", query.name, width, query.description,
               query.parameter.empty() ? "" : fmt::format(" [{}]", query.parameter));
  return 0;
}

int run_query(const QueryFlags& flags, const Settings& settings) {
  if (flags.list) return list_queries();
  if (flags.name.empty()) throw UsageError("query: name a query (ecomflow query --list shows them)");
  const AnalyticsQuery* query = find_analytics_query(flags.name);
  if (!query)
    throw UsageError(fmt::format("query: unknown query '{}' (ecomflow query --list shows them)", flags.name));
  const std::optional<int64_t> limit = flags.limit >= 0 ? std::optional<int64_t>(flags.limit) : std::nullopt;
  if (flags.show_sql) {
    const bool postgres = parse_database_url(settings.get("db")).backend == DatabaseUrl::Backend::kPostgres;
    fmt::print("{};\n", analytics_query_sql(postgres ? "postgresql" : "sqlite", *query, limit));
    return 0;
  }
  // --sql shows the parameter as $1 and needs no value.
  if (!query->parameter.empty() && flags.value.empty())
    throw UsageError(fmt::format("query: {} takes a {}: ecomflow query {} {}", query->name, query->parameter,
                                 query->name, query->parameter == "customer_id" ? "c001" : "VALUE"));
  if (query->parameter.empty() && !flags.value.empty())
    throw UsageError(fmt::format("query: {} takes no value (got '{}')", query->name, flags.value));
  const std::unique_ptr<Database> database = Database::open(settings.get("db"), OpenMode::kExisting);
  if (!has_warehouse(*database))
    throw UserError(
        fmt::format("{} has no warehouse: run `ecomflow db migrate`, then load it with `ecomflow run`",
                    database->display_name()));
  const QueryResult result = run_analytics_query(*database, *query, limit, flags.value);
  if (flags.format == "csv")
    print_csv(result);
  else if (flags.format == "json")
    print_json(result);
  else
    print_table(result);
  return 0;
}

}  // namespace

void add_query_command(CLI::App& root, CommandContext& context) {
  auto flags = std::make_shared<QueryFlags>();
  CLI::App* command = root.add_subcommand("query", "Run a named analytics query over the warehouse (--db)");
  command->add_option("name", flags->name, "query name (see --list)");
  command->add_option("value", flags->value,
                      "the value of a query that takes one (--list shows it in brackets), e.g. "
                      "`customer_order_history c042`");
  command->add_flag("--list", flags->list, "list the named queries with a one-line description");
  command->add_option("--format", flags->format, "table | csv | json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--limit", flags->limit, "at most N rows")
      ->check(whole_number_at_least(0))
      ->type_name("N");
  command->add_flag("--sql", flags->show_sql,
                    "print the query's SQL for --db's backend instead of running it");
  command->callback([flags, &context] {
    context.action = [flags, &context] { return run_query(*flags, context.settings); };
  });
}

}  // namespace ecomflow
