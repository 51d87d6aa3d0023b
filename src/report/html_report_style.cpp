#include "report/html_report_style.hpp"

namespace ecomflow {

std::string_view html_report_style() {
  // System fonts only: the page must render offline, with nothing fetched.
  return R"css(:root {
  --ink: #1d1f23; --muted: #5f6670; --line: #e2e5ea; --paper: #ffffff; --ground: #f4f5f7;
  --accent: #0072b2; --good: #009e73; --warn: #d55e00;
}
* { box-sizing: border-box; }
html { background: var(--ground); }
body {
  margin: 0; color: var(--ink); line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
        "Liberation Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 40px; }
header.top {
  display: flex; justify-content: space-between; align-items: flex-end; gap: 16px;
  border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 20px;
}
h1 { font-size: 28px; margin: 0; letter-spacing: -0.01em; }
.meta { margin: 4px 0 0; color: var(--muted); }
.brand { font-weight: 700; color: var(--accent); letter-spacing: 0.04em; }
h2 { font-size: 20px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 0 0 10px; }
.kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; }
.kpi {
  background: var(--paper); border: 1px solid var(--line); border-top: 4px solid var(--accent);
  border-radius: 8px; padding: 12px 14px;
}
.kpi.good { border-top-color: var(--good); }
.kpi.warn { border-top-color: var(--warn); }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
.kpi .value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; margin: 2px 0; }
.kpi .note { color: var(--muted); font-size: 12.5px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 0;
  overflow-x: auto;
}
.wide { grid-column: 1 / -1; }
figure.chart { padding: 8px; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th {
  color: var(--muted); font-weight: 600; font-size: 12.5px; border-bottom: 2px solid var(--line);
  white-space: normal; vertical-align: bottom;
}
.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafbfc; }
tfoot td { font-weight: 700; border-top: 2px solid var(--line); border-bottom: none; }
tr.sub td:first-child { padding-left: 28px; color: var(--muted); }
tr.warn td { color: var(--warn); font-weight: 600; }
tr.bad td { color: #b00020; font-weight: 700; }
ul.files { columns: 3; margin: 0; padding-left: 18px; }
.note { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
@media (max-width: 860px) {
  .grid { grid-template-columns: 1fr; }
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
)css";
}

}  // namespace ecomflow
