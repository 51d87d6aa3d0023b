// The HTML report: well-formed, self-contained, escaped, and showing the
// figures of the run as counted independently from the events.

#include "report/html_report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "report/cyberday_section.hpp"
#include "report/html_markup.hpp"
#include "report/number_format.hpp"
#include "support/test_env.hpp"
#include "synthetic_shop.hpp"

namespace ecomflow {
namespace {

bool is_void_element(const std::string& name) {
  static const std::set<std::string> kVoid = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                              "input", "link", "meta", "param", "source", "track", "wbr"};
  return kVoid.contains(name);
}

/// Checks that every opened non-void element is closed in order, that
/// attribute values are quoted, and that `&` only starts an entity. Returns
/// an empty string when the document is well formed, else what is wrong.
std::string tag_balance_problem(const std::string& html) {
  std::vector<std::string> open;
  size_t at = 0;
  while (at < html.size()) {
    const char c = html[at];
    if (c == '&') {
      static const std::regex kEntity("^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
      if (!std::regex_search(html.substr(at, 12), kEntity)) return "bare & at " + std::to_string(at);
      ++at;
      continue;
    }
    if (c == '>') return "stray > at " + std::to_string(at);
    if (c != '<') {
      ++at;
      continue;
    }
    if (html.compare(at, 4, "<!--") == 0) {
      const size_t end = html.find("-->", at);
      if (end == std::string::npos) return "unclosed comment";
      at = end + 3;
      continue;
    }
    if (html.compare(at, 2, "<!") == 0) {
      at = html.find('>', at) + 1;
      continue;
    }
    const bool closing = html.compare(at, 2, "</") == 0;
    size_t name_end = at + (closing ? 2 : 1);
    while (name_end < html.size() &&
           (std::isalnum(uint8_t(html[name_end])) || html[name_end] == ':' || html[name_end] == '-'))
      ++name_end;
    const std::string name = html.substr(at + (closing ? 2 : 1), name_end - at - (closing ? 2 : 1));
    if (name.empty()) return "bare < at " + std::to_string(at);
    // Find the end of the tag, skipping quoted attribute values.
    size_t end = name_end;
    char quote = 0;
    for (; end < html.size(); ++end) {
      if (quote) {
        if (html[end] == quote) quote = 0;
      } else if (html[end] == '"' || html[end] == '\'') {
        if (html[end - 1] != '=') return "unquoted attribute in <" + name + ">";
        quote = html[end];
      } else if (html[end] == '=' && html[end + 1] != '"' && html[end + 1] != '\'') {
        return "unquoted attribute value in <" + name + ">";
      } else if (html[end] == '>') {
        break;
      }
    }
    if (end == html.size()) return "unterminated <" + name;
    const bool self_closing = html[end - 1] == '/';
    at = end + 1;
    if (closing) {
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
      open.pop_back();
    } else if (name == "style" || name == "script") {
      const size_t close = html.find("</" + name + ">", at);
      if (close == std::string::npos) return "unclosed <" + name + ">";
      at = close + name.size() + 3;
    } else if (!self_closing && !is_void_element(name)) {
      open.push_back(name);
    }
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

class HtmlReportTest : public ::testing::Test {
 protected:
  testing::SyntheticShop shop = testing::make_synthetic_shop();
  Aggregates aggregates{shop.catalog};
  RunSummary summary;
  std::string html;

  void SetUp() override {
    aggregates.add(shop.events);
    summary.run_id = 12;
    summary.totals = &aggregates;
    summary.counts.records_read = int64_t(shop.events.size()) + 37 + 5;
    summary.counts.valid = int64_t(shop.events.size());
    summary.counts.duplicates = 5;
    summary.counts.quarantined_by_reason[int(QuarantineReason::kUnknownProduct)] = 30;
    summary.counts.quarantined_by_reason[int(QuarantineReason::kBadTimestamp)] = 7;
    summary.counts.files_read = 70;
    summary.counts.files_quarantined = 2;
    summary.counts.file_problems_by_reason[int(QuarantineReason::kCorruptArchive)] = 2;
    summary.elapsed_seconds = 0.25;
    summary.generated_at = "2026-12-05T16:00:00Z";
    summary.checks =
        std::vector<CheckLine>{{"quarantine_rate", "warn", "0.94%", "error_if > 50%, warn_if > 0.5%"},
                               {"customers_key_unique", "pass", "0 rows", "> 0 rows"}};
    html = html_report(summary, aggregates, shop.catalog, aggregates.sessions.report(0));
  }

  bool shows(const std::string& text) const { return html.find(text) != std::string::npos; }
  /// Whether `text` is the whole content of an element.
  bool shows_cell(const std::string& text) const { return shows(fmt::format(">{}<", text)); }
};

TEST_F(HtmlReportTest, IsWellFormed) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(tag_balance_problem(html), "");
  EXPECT_TRUE(shows("<meta charset=\"utf-8\">"));
}

TEST_F(HtmlReportTest, TheCheckerCatchesBrokenMarkup) {
  EXPECT_EQ(tag_balance_problem("<div><p>a</p></div>"), "");
  EXPECT_NE(tag_balance_problem("<div><p>a</div>"), "");
  EXPECT_NE(tag_balance_problem("<div>a"), "");
  EXPECT_NE(tag_balance_problem("<td>a < b</td>"), "");
  EXPECT_NE(tag_balance_problem("<td>Home & Garden</td>"), "");
  EXPECT_NE(tag_balance_problem("<td class=num>1</td>"), "");
}

TEST_F(HtmlReportTest, ShowsTheKeyFiguresOfTheRun) {
  EXPECT_TRUE(shows(html_escape(format_money(shop.revenue)))) << format_money(shop.revenue);
  EXPECT_TRUE(shows_cell(format_integer(shop.purchases)));
  EXPECT_TRUE(shows(format_integer(shop.units) + " units"));
  EXPECT_TRUE(shows_cell(format_percent(double(shop.converted_sessions) / double(shop.sessions))));
  EXPECT_TRUE(shows_cell(format_percent(double(shop.abandoned_sessions) / double(shop.cart_sessions))));
  EXPECT_TRUE(shows(format_integer(shop.sessions)));
  EXPECT_TRUE(shows_cell(format_integer(summary.counts.valid)));
  EXPECT_TRUE(shows_cell("37"));  // quarantined records
  EXPECT_TRUE(shows("run #12"));
}

TEST_F(HtmlReportTest, WritesMoneyInTheChosenCurrency) {
  summary.currency = *find_currency("GBP");
  const std::string page = html_report(summary, aggregates, shop.catalog, aggregates.sessions.report(0));
  EXPECT_NE(page.find(html_escape(format_money(shop.revenue, summary.currency)) + " GBP"), std::string::npos);
  EXPECT_NE(page.find("\u00a3"), std::string::npos);
  EXPECT_NE(page.find("Revenue (GBP)"), std::string::npos);
  // No money is left in dollars: no "$" in a table, a tile or a chart.
  EXPECT_EQ(page.find('$'), std::string::npos);
  EXPECT_EQ(page.find("USD"), std::string::npos);
}

TEST_F(HtmlReportTest, TheFunnelTableStartsAtPageViews) {
  EXPECT_TRUE(shows("<td>Page views</td><td class=\"num\">" + format_integer(shop.sessions) + "</td>"));
  ASSERT_GT(shop.views, shop.sessions);  // several product views per page view: a multiple
  EXPECT_TRUE(shows("<td>Product views</td><td class=\"num\">" + format_integer(shop.views) +
                    "</td><td class=\"num\">" +
                    fmt::format("{:.2f}×", double(shop.views) / double(shop.sessions)) + "</td>"));
}

/// A page as `simulate cyberday` writes it: a section of its own with a heading, tiles and charts.
constexpr const char* kCyberdayPage =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Cyberday sale simulation</title>\n</head>\n<body>\n"
    "<main>\n<section id=\"cyberday\">\n<h1>Cyberday sale simulation</h1>\n<p>3,000 events</p>\n"
    "<section class=\"kpis\" aria-label=\"Key figures\">\n<div class=\"kpi\"><div class=\"label\">Lost to "
    "stock-outs</div><div class=\"value\">\u20b91.2k</div><div class=\"note\">7 units unmet</div></div>\n"
    "</section>\n<figure class=\"card\"><svg viewBox=\"0 0 10 10\"><text>Earned vs "
    "lost</text></svg></figure>\n"
    "</section>\n</main>\n</body>\n</html>\n";

TEST_F(HtmlReportTest, ShowsTheSimulatedSaleDayWrittenBesideIt) {
  EXPECT_FALSE(shows("id=\"cyberday\""));  // no day simulated into the reports directory
  const std::filesystem::path dir = testing::scratch_dir("html-report-cyberday");
  std::filesystem::create_directories(dir / "cyberday");
  std::ofstream(dir / "cyberday" / "index.html") << kCyberdayPage;
  summary.reports_dir = dir;
  const std::string page = html_report(summary, aggregates, shop.catalog, aggregates.sessions.report(0));
  EXPECT_EQ(tag_balance_problem(page), "");
  const size_t section = page.find("<section id=\"cyberday\">\n<h2>Cyberday sale simulation</h2>");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(page.find("Lost to stock-outs", section), std::string::npos);
  EXPECT_NE(page.find("<div class=\"grid\">\n<figure class=\"card\"><svg", section), std::string::npos);
  EXPECT_EQ(page.find("<h1>Cyberday"), std::string::npos);
  EXPECT_EQ(page.find("<!DOCTYPE", 1), std::string::npos);  // one document, not two
}

TEST(CyberdaySectionTest, APageWithoutTheSectionGivesNothing) {
  EXPECT_EQ(cyberday_section_from_page(""), "");
  EXPECT_EQ(cyberday_section_from_page("<main><section id=\"other\"></section></main>"), "");
  EXPECT_EQ(cyberday_section(testing::scratch_dir("html-report-no-cyberday")), "");
}

TEST_F(HtmlReportTest, ShowsTheSalesTableAndTheDataQualityAccounting) {
  for (const SalesRow& row : aggregates.sales.rows()) {
    EXPECT_TRUE(shows("<td>" + html_escape(row.category) + "</td><td>" + html_escape(row.segment) +
                      "</td><td class=\"num\">" + format_money(row.revenue) + "</td>"))
        << row.category << " " << row.segment;
  }
  EXPECT_TRUE(shows("<td>unknown_product</td><td class=\"num\">30</td>"));
  EXPECT_TRUE(shows("<td>bad_timestamp</td><td class=\"num\">7</td>"));
  EXPECT_TRUE(shows("<td>corrupt_archive</td><td class=\"num\">2</td>"));
  EXPECT_TRUE(shows("<td>Duplicates</td><td class=\"num\">5</td>"));
  EXPECT_TRUE(shows(format_integer(summary.counts.records_read) + " = valid"));
}

TEST_F(HtmlReportTest, EscapesEveryStringFromData) {
  EXPECT_FALSE(shows("<script"));
  EXPECT_FALSE(shows(testing::kHostileProductName));
  // The best seller appears in the top products table, escaped.
  EXPECT_TRUE(shows("<td>Deluxe &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;</td>"));
  EXPECT_TRUE(shows("<td>Home &amp; Garden</td>"));
  EXPECT_FALSE(shows("Home & Garden"));
}

TEST_F(HtmlReportTest, ReferencesNothingOutsideTheFile) {
  EXPECT_FALSE(shows("http:"));
  EXPECT_FALSE(shows("https:"));
  EXPECT_FALSE(shows("@import"));
  EXPECT_FALSE(shows("<link"));
  EXPECT_FALSE(shows("<img"));
  // Links and sources may only point inside the document, or (links) to a
  // report file beside it: a plain file name, no directory, no scheme.
  // Attributes and CSS/SVG url() references alike.
  static const std::regex kReference(R"re((src|href)\s*=\s*"([^"]*)"|url\(\s*([^)]*)\))re");
  static const std::regex kFileBeside(R"re([a-z_]+\.(csv|json|ndjson))re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kReference); it != std::sregex_iterator();
       ++it) {
    const std::string target = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
    const bool link_beside = (*it)[1].str() == "href" && std::regex_match(target, kFileBeside);
    EXPECT_TRUE(target.starts_with("#") || target.starts_with("data:") || link_beside) << target;
    EXPECT_EQ(target.find("//"), std::string::npos) << target;
  }
}

TEST_F(HtmlReportTest, LinksTheFilesBesideItAndSaysWhenItWasMade) {
  for (const char* file : {"sales_report.csv", "funnel.csv", "sessions.csv", "daily_trends.csv",
                           "product_performance.csv", "run_summary.json", "quarantine.ndjson"})
    EXPECT_TRUE(shows(fmt::format("<a href=\"{0}\">{0}</a>", file))) << file;
  EXPECT_TRUE(shows("generated 2026-12-05T16:00:00Z"));
  EXPECT_TRUE(
      shows("<tr class=\"warn\"><td>quarantine_rate</td><td>warn</td><td class=\"num\">0.94%</td>"
            "<td>error_if &gt; 50%, warn_if &gt; 0.5%</td></tr>"));
  EXPECT_TRUE(shows("<td>customers_key_unique</td><td>pass</td>"));
}

TEST_F(HtmlReportTest, LabelsWhatCountsOnlyThisRun) {
  EXPECT_TRUE(shows("Valid records (this run)"));
  EXPECT_TRUE(shows("Data quality of run #12"));
  EXPECT_TRUE(shows("run #12 read " + format_integer(summary.counts.records_read) + " new records"));
}

TEST_F(HtmlReportTest, InlinesEveryChartAsScalableSvg) {
  size_t charts = 0;
  for (size_t at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) {
    ++charts;
    EXPECT_EQ(html.compare(at, 14, "<svg viewBox=\""), 0) << html.substr(at, 80);
  }
  EXPECT_EQ(charts, 9u);
  EXPECT_FALSE(shows("<?xml"));
}

TEST_F(HtmlReportTest, WritesTheFileAtomically) {
  const std::filesystem::path dir = testing::scratch_dir("html-report");
  write_html_report(summary, aggregates, shop.catalog, dir / "index.html");
  std::ifstream in(dir / "index.html", std::ios::binary);
  const std::string written{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // cairo numbers its SVG surfaces per process, so a second rendering is not byte-identical.
  EXPECT_EQ(written.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(tag_balance_problem(written), "");
  EXPECT_NE(written.find(format_money(shop.revenue)), std::string::npos);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST_F(HtmlReportTest, SaysHowSessionsWereCut) {
  EXPECT_TRUE(shows("A session ends after 30 minutes without an event"));
  AggregateOptions options;
  options.session_gap_us = 45 * 60 * kMicrosPerSecond;
  Aggregates other(shop.catalog, options);
  EXPECT_NE(html_report(summary, other, shop.catalog, other.sessions.report(0))
                .find("A session ends after 45 minutes without an event"),
            std::string::npos);
}

TEST_F(HtmlReportTest, UsesChartsRenderedAhead) {
  // A card rendered elsewhere is inlined as given; the others are rendered here.
  const SessionReport sessions = aggregates.sessions.report(0);
  const std::vector<AnalyticsChart> charts = analytics_charts(aggregates, shop.catalog, sessions);
  const HtmlChartCard ahead{
      "daily_revenue",
      "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><g id=\"rendered-ahead\"/></svg>"};
  const std::string page = html_report(summary, aggregates, shop.catalog, sessions, {&ahead, 1});
  EXPECT_NE(page.find("rendered-ahead"), std::string::npos);
  EXPECT_EQ(html.find("rendered-ahead"), std::string::npos);
  EXPECT_EQ(tag_balance_problem(page), "");
  // Every chart still has its card.
  for (const AnalyticsChart& chart : charts)
    EXPECT_NE(page.find("id=\"chart-" + chart.name + "\""), std::string::npos);
}

TEST(HtmlReportEmptyTest, AnEmptyRunStillGivesAWellFormedPage) {
  const testing::SyntheticShop shop = testing::make_synthetic_shop();
  const Aggregates aggregates(shop.catalog);
  RunSummary summary;
  summary.totals = &aggregates;
  const std::string html = html_report(summary, aggregates, shop.catalog, aggregates.sessions.report(0));
  EXPECT_EQ(tag_balance_problem(html), "");
  EXPECT_NE(html.find(">$0.00<"), std::string::npos);
}

TEST(HtmlMarkupTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(html_escape("Café 10 €"), "Café 10 €");
}

TEST(HtmlMarkupTest, InlineSvgKeepsTheViewBoxAndDropsThePrologAndNamespaces) {
  const std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"400px\" height=\"300px\" viewBox=\"0 0 400 300\" "
      "version=\"1.1\">\n<rect/>\n</svg>\n";
  EXPECT_EQ(inline_svg(svg, "Sales & <returns>"),
            "<svg viewBox=\"0 0 400 300\" role=\"img\" aria-label=\"Sales &amp; "
            "&lt;returns&gt;\">\n<rect/>\n</svg>");
  EXPECT_EQ(inline_svg("<svg width=\"40pt\" height=\"30pt\"><g/></svg>", "x"),
            "<svg viewBox=\"0 0 40 30\" role=\"img\" aria-label=\"x\"><g/></svg>");
}

}  // namespace
}  // namespace ecomflow
