/// `GET /api/queries` (the named analytics queries) and
/// `GET /api/queries/{name}?limit=N` (one query's rows as JSON objects).

#include "serve/json_writer.hpp"
#include "serve/request_parsing.hpp"
#include "serve/routes.hpp"
#include "store/analytics_queries.hpp"
#include "store/warehouse_schema.hpp"

namespace ecomflow {
namespace {

/// Numbers the database returns as text go out as JSON numbers.
bool is_json_number(const std::string& text) {
  if (text.empty()) return false;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && !dot && i > 0 && i + 1 < text.size())
      dot = true;
    else if (text[i] < '0' || text[i] > '9')
      return false;
  }
  // A leading zero ("007") is not a JSON number.
  const size_t first = text[0] == '-' ? 1 : 0;
  return !(text[first] == '0' && text.size() > first + 1 && text[first + 1] != '.');
}

void list(HttpServer::Response& response) {
  JsonWriter json;
  json.begin_object().key("queries").begin_array();
  for (const AnalyticsQuery& query : analytics_queries())
    json.begin_object()
        .key("name")
        .value(query.name)
        .key("description")
        .value(query.description)
        .end_object();
  json.end_array().end_object();
  send_json(response, 200, json.take());
}

void run(ServeContext& context, const HttpServer::Request& request, HttpServer::Response& response) {
  const std::string name = request.matches[1];
  const AnalyticsQuery* query = find_analytics_query(name);
  if (!query)
    return send_error(response, 404, "unknown_query",
                      "no query '" + name + "' (GET /api/queries lists them)");
  const auto limit = query_integer(request, "limit", 1000, 1, 100'000);
  if (!limit) return send_error(response, 400, "bad_request", "limit must be 1-100000");
  const std::string parameter(query->parameter);
  const std::string value = parameter.empty() ? "" : request.get_param_value(parameter.c_str());
  if (!parameter.empty() && value.empty())
    return send_error(response, 400, "bad_request", "query '" + name + "' needs ?" + parameter + "=VALUE");
  PooledDatabase database = context.database.acquire();
  if (!has_warehouse(*database))
    return send_error(response, 503, "no_warehouse", "the database has no warehouse yet: run `ecomflow run`");
  const QueryResult result = run_analytics_query(*database, *query, *limit, value);
  JsonWriter json;
  json.begin_object().key("query").value(name).key("rows").begin_array();
  for (const auto& row : result.rows) {
    json.begin_object();
    for (size_t i = 0; i < result.columns.size(); ++i) {
      json.key(result.columns[i]);
      if (!row[i])
        json.null();
      else if (is_json_number(*row[i]))
        json.raw(*row[i]);
      else
        json.value(*row[i]);
    }
    json.end_object();
  }
  json.end_array().end_object();
  send_json(response, 200, json.take());
}

}  // namespace

void add_query_routes(HttpServer& server, ServeContext& context) {
  server.get("/api/queries", [](const auto&, auto& response) { list(response); });
  server.get(R"(/api/queries/([^/]+))",
             [&context](const auto& request, auto& response) { run(context, request, response); });
}

}  // namespace ecomflow
