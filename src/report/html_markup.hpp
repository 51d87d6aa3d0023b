#pragma once
/// The small pieces of HTML the report is built from: escaping text from
/// data, tables with right-aligned numeric columns, and charts inlined as SVG.

#include <string>
#include <string_view>
#include <vector>

namespace ecomflow {

/// `text` with `& < > " '` replaced by entities, safe in element content and quoted attributes.
std::string html_escape(std::string_view text);

/// An SVG document made fit to inline in an HTML page: no XML prolog,
/// no namespace URLs (HTML implies them), sized by CSS through its viewBox,
/// and labelled for screen readers with `label` (escaped here).
std::string inline_svg(std::string_view svg, std::string_view label);

/// How a table cell is aligned: text left, numbers right in tabular figures.
enum class CellAlign { kText, kNumber };

/// A table built row by row. Cells are plain text and escaped when rendered.
class HtmlTable {
 public:
  /// One heading per column; `aligns` has one entry per column.
  HtmlTable(std::vector<std::string> headings, std::vector<CellAlign> aligns);

  /// Adds a body row; `css_class` is set on the `tr` when not empty.
  void add_row(std::vector<std::string> cells, std::string css_class = "");
  /// Sets the footer row (totals).
  void set_footer(std::vector<std::string> cells) { footer_ = std::move(cells); }
  /// The `<table>` element.
  std::string html() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::string css_class;
  };
  std::string cells_html(const std::vector<std::string>& cells, const char* tag) const;

  std::vector<std::string> headings_;
  std::vector<CellAlign> aligns_;
  std::vector<Row> rows_;
  std::vector<std::string> footer_;
};

}  // namespace ecomflow
