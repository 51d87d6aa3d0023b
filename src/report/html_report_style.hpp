#pragma once
/// The stylesheet of the HTML report, inlined in its `<style>` element.

#include <string_view>

namespace ecomflow {

/// CSS for `index.html`: a centred two-column grid of cards, KPI tiles,
/// tables with right-aligned tabular figures, the system font stack.
std::string_view html_report_style();

}  // namespace ecomflow
