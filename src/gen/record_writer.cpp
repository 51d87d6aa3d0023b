#include "gen/record_writer.hpp"

namespace ecomflow {

void RecordWriter::begin(std::string& out) {
  count_ = 0;
  if (layout_ != RecordLayout::kNdjson) out.push_back('[');
}

void RecordWriter::separate(std::string& out) {
  switch (layout_) {
    case RecordLayout::kIndentedArray:
      out.append(count_ == 0 ? "\n" : ",\n");
      break;
    case RecordLayout::kCompactArray:
      if (count_ != 0) out.push_back(',');
      break;
    case RecordLayout::kNdjson:
      break;
  }
  ++count_;
}

RecordSpan RecordWriter::write(std::string& out, const RecordFields& fields) {
  separate(out);
  const size_t start = out.size();
  const bool indented = layout_ == RecordLayout::kIndentedArray;
  if (indented) out.append("  ");
  if (!fields.element().empty()) {
    out.append(fields.element());
  } else if (indented) {
    out.push_back('{');
    bool first = true;
    for (const JsonField& field : fields) {
      out.append(first ? "\n    \"" : ",\n    \"");
      first = false;
      out.append(field.key);
      out.append(field.quoted ? "\": \"" : "\": ");
      out.append(field.value);
      if (field.quoted) out.push_back('"');
    }
    out.append(first ? "}" : "\n  }");
  } else {
    out.push_back('{');
    bool first = true;
    for (const JsonField& field : fields) {
      out.append(first ? "\"" : ",\"");
      first = false;
      out.append(field.key);
      out.append(field.quoted ? "\":\"" : "\":");
      out.append(field.value);
      if (field.quoted) out.push_back('"');
    }
    out.push_back('}');
  }
  if (layout_ == RecordLayout::kNdjson) out.push_back('\n');
  return {start, out.size() - start};
}

void RecordWriter::write_copy(std::string& out, std::string_view record) {
  separate(out);
  out.append(record);
}

void RecordWriter::end(std::string& out) {
  switch (layout_) {
    case RecordLayout::kIndentedArray:
      out.append(count_ == 0 ? "]" : "\n]");
      break;
    case RecordLayout::kCompactArray:
      out.push_back(']');
      break;
    case RecordLayout::kNdjson:
      break;
  }
}

}  // namespace ecomflow
