#include "serve/request_parsing.hpp"

#include <simdjson.h>

#include <charconv>

namespace ecomflow {

std::optional<std::string> JsonBody::string(const std::string& name) const {
  const auto found = members.find(name);
  if (found == members.end() || found->second.type != Member::Type::kString) return std::nullopt;
  return found->second.text;
}

std::optional<int64_t> JsonBody::integer(const std::string& name) const {
  const auto found = members.find(name);
  if (found == members.end() || found->second.type != Member::Type::kInteger) return std::nullopt;
  return found->second.number;
}

bool JsonBody::wrong_type(const std::string& name, bool want_integer) const {
  const auto found = members.find(name);
  if (found == members.end()) return false;
  return found->second.type != (want_integer ? Member::Type::kInteger : Member::Type::kString);
}

JsonBody parse_json_body(const std::string& body) {
  JsonBody result;
  // One parser per thread: it keeps its buffers between requests.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (const auto error = parser.parse(body).get(document)) {
    result.error = std::string("the body is not valid JSON: ") + simdjson::error_message(error);
    return result;
  }
  simdjson::dom::object object;
  if (document.get_object().get(object)) {
    result.error = "the body must be a JSON object";
    return result;
  }
  for (const auto field : object) {
    JsonBody::Member member;
    std::string_view text;
    int64_t number = 0;
    if (!field.value.get_string().get(text)) {
      member.type = JsonBody::Member::Type::kString;
      member.text = std::string(text);
    } else if (field.value.is_int64() && !field.value.get_int64().get(number)) {
      member.type = JsonBody::Member::Type::kInteger;
      member.number = number;
    }
    result.members[std::string(field.key)] = std::move(member);
  }
  result.valid = true;
  return result;
}

std::optional<int64_t> query_integer(const HttpServer::Request& request, const std::string& name,
                                     int64_t fallback, int64_t minimum, int64_t maximum) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < minimum ||
      value > maximum)
    return std::nullopt;
  return value;
}

}  // namespace ecomflow
