#include "report/cyberday_section.hpp"

#include <fstream>
#include <iterator>

namespace ecomflow {

std::string cyberday_section_from_page(std::string_view page) {
  constexpr std::string_view kOpen = "<section id=\"cyberday\">";
  constexpr std::string_view kClose = "</section>";
  constexpr std::string_view kKpisEnd = "</section>\n";
  const size_t open = page.find(kOpen);
  const size_t main_end = page.rfind("</main>");
  if (open == std::string_view::npos || main_end == std::string_view::npos || main_end < open) return "";
  const size_t close = page.rfind(kClose, main_end);
  if (close == std::string_view::npos || close < open) return "";
  std::string_view body = page.substr(open + kOpen.size(), close - open - kOpen.size());
  // The day's page is a page of its own (h1); here it is one section (h2).
  std::string section = "<section id=\"cyberday\">";
  const size_t kpis_end = body.find(kKpisEnd);
  std::string head(
      body.substr(0, kpis_end == std::string_view::npos ? body.size() : kpis_end + kKpisEnd.size()));
  for (const auto& [from, to] : {std::pair{"<h1>", "<h2>"}, std::pair{"</h1>", "</h2>"}}) {
    const size_t at = head.find(from);
    if (at != std::string::npos) head.replace(at, std::string_view(from).size(), to);
  }
  section += head;
  if (kpis_end != std::string_view::npos) {
    section += "<div class=\"grid\">\n";
    section += body.substr(kpis_end + kKpisEnd.size());
    section += "</div>\n";
  }
  section +=
      "<p class=\"note\">From the simulated sale day written under cyberday/ (its CSVs and charts are "
      "there); its orders went through the shop, not through these event files.</p>\n";
  return section + "</section>\n";
}

std::string cyberday_section(const std::filesystem::path& reports_dir) {
  if (reports_dir.empty()) return "";
  std::ifstream file(reports_dir / "cyberday" / "index.html", std::ios::binary);
  if (!file) return "";
  const std::string page{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  return cyberday_section_from_page(page);
}

}  // namespace ecomflow
