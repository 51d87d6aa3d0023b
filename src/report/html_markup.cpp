#include "report/html_markup.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace ecomflow {
namespace {

/// The value of `name="…"` inside an opening tag, or empty.
std::string_view attribute(std::string_view tag, std::string_view name) {
  const std::string key = fmt::format(" {}=\"", name);
  const size_t start = tag.find(key);
  if (start == std::string_view::npos) return {};
  const size_t value = start + key.size();
  const size_t end = tag.find('"', value);
  return end == std::string_view::npos ? std::string_view() : tag.substr(value, end - value);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string inline_svg(std::string_view svg, std::string_view label) {
  const size_t open = svg.find("<svg");
  const size_t open_end = svg.find('>', open);
  ECOMFLOW_CHECK(open != std::string_view::npos && open_end != std::string_view::npos);
  const std::string_view tag = svg.substr(open, open_end - open);
  std::string view_box(attribute(tag, "viewBox"));
  if (view_box.empty()) {
    // cairo writes pixel sizes; the viewBox is what lets CSS scale the chart.
    view_box = "0 0 " + std::string(attribute(tag, "width")) + " " + std::string(attribute(tag, "height"));
    for (const char* unit : {"px", "pt"})
      for (size_t at; (at = view_box.find(unit)) != std::string::npos;) view_box.erase(at, 2);
  }
  std::string inlined =
      "<svg viewBox=\"" + html_escape(view_box) + "\" role=\"img\" aria-label=\"" + html_escape(label) + "\"";
  inlined += svg.substr(open_end);
  while (!inlined.empty() && (inlined.back() == '\n' || inlined.back() == ' ')) inlined.pop_back();
  return inlined;
}

HtmlTable::HtmlTable(std::vector<std::string> headings, std::vector<CellAlign> aligns)
    : headings_(std::move(headings)), aligns_(std::move(aligns)) {
  ECOMFLOW_CHECK_EQ(headings_.size(), aligns_.size());
}

void HtmlTable::add_row(std::vector<std::string> cells, std::string css_class) {
  ECOMFLOW_CHECK_EQ(cells.size(), headings_.size());
  rows_.push_back({std::move(cells), std::move(css_class)});
}

std::string HtmlTable::cells_html(const std::vector<std::string>& cells, const char* tag) const {
  std::string html;
  for (size_t i = 0; i < cells.size(); ++i) {
    html += fmt::format("<{0}{1}>{2}</{0}>", tag, aligns_[i] == CellAlign::kNumber ? " class=\"num\"" : "",
                        html_escape(cells[i]));
  }
  return html;
}

std::string HtmlTable::html() const {
  std::string html = "<table>\n<thead><tr>" + cells_html(headings_, "th") + "</tr></thead>\n<tbody>\n";
  for (const Row& row : rows_) {
    html += row.css_class.empty() ? "<tr>" : "<tr class=\"" + html_escape(row.css_class) + "\">";
    html += cells_html(row.cells, "td") + "</tr>\n";
  }
  html += "</tbody>\n";
  if (!footer_.empty()) {
    ECOMFLOW_CHECK_EQ(footer_.size(), headings_.size());
    html += "<tfoot><tr>" + cells_html(footer_, "td") + "</tr></tfoot>\n";
  }
  return html + "</table>\n";
}

}  // namespace ecomflow
