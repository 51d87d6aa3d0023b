#pragma once
/// Builds a JSON document into a string: objects, arrays, escaped strings,
/// integers and exact money, with the commas placed for the caller.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace ecomflow {

/// Appends JSON tokens to a string. Keys and values alternate inside objects.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(int64_t number);
  JsonWriter& value(int number) { return value(int64_t(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  /// Writes text that already is a JSON value (a stored JSON document, a number).
  JsonWriter& raw(std::string_view json);
  /// Money as two members: `<name>` "24.50" (exact decimal text) and `<name>_cents` 2450.
  JsonWriter& money(std::string_view name, Cents cents);

  const std::string& text() const { return text_; }
  std::string take() { return std::move(text_); }

 private:
  void separate();

  std::string text_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

/// `{"error": error, "detail": detail}`.
std::string json_error(std::string_view error, std::string_view detail);

}  // namespace ecomflow
