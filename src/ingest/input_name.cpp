#include "ingest/input_name.hpp"

#include <cctype>

namespace ecomflow {

namespace {

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return false;
  return true;
}

struct LeafExtension {
  std::string_view extension;
  InputFormat format;
};
constexpr LeafExtension kLeafExtensions[] = {
    {".json", InputFormat::kJsonArray},
    {".ndjson", InputFormat::kNdjson},
    {".jsonl", InputFormat::kNdjson},
    {".csv", InputFormat::kCsv},
};

}  // namespace

InputName classify_input_name(std::string_view name) {
  if (ends_with_ignoring_case(name, ".zip")) return {InputKind::kZip};
  InputKind kind = InputKind::kLeaf;
  if (ends_with_ignoring_case(name, ".gz")) {
    name.remove_suffix(3);
    kind = InputKind::kGzipLeaf;
  }
  for (const auto& leaf : kLeafExtensions)
    if (ends_with_ignoring_case(name, leaf.extension)) return {kind, leaf.format};
  return {};
}

}  // namespace ecomflow
