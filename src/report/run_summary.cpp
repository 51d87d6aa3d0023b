#include "report/run_summary.hpp"

#include <fmt/format.h>

#include "core/logging.hpp"
#include "report/number_format.hpp"

namespace ecomflow {
namespace {

double per_second(int64_t count, double seconds) { return seconds > 0 ? double(count) / seconds : 0.0; }

std::string grouped(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

/// `"quarantined"` (total, every record-level reason) and `"files"` (read,
/// unreadable, the file problems that occurred), joined by `separator`.
void append_reason_counts(fmt::memory_buffer& out, const RunCounts& counts, std::string_view separator) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "\"quarantined\": {{\"total\": {}, \"by_reason\": {{", counts.quarantined());
  for (int i = 0; i < kQuarantineReasonCount; ++i)
    fmt::format_to(it, "{}\"{}\": {}", i ? ", " : "", quarantine_reason_name(QuarantineReason(i)),
                   counts.quarantined_by_reason[i]);
  fmt::format_to(it, "}}}}{}\"files\": {{\"read\": {}, \"quarantined\": {}, \"by_reason\": {{", separator,
                 counts.files_read, counts.files_quarantined);
  bool first = true;
  for (int i = 0; i < kQuarantineReasonCount; ++i) {
    if (counts.file_problems_by_reason[i] == 0) continue;
    fmt::format_to(it, "{}\"{}\": {}", first ? "" : ", ", quarantine_reason_name(QuarantineReason(i)),
                   counts.file_problems_by_reason[i]);
    first = false;
  }
  fmt::format_to(it, "}}}}");
}

}  // namespace

std::string run_summary_json(const RunSummary& summary) {
  const RunCounts& counts = summary.counts;
  auto out = fmt::memory_buffer();
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "{{\n  \"run_id\": {},\n  \"records_read\": {},\n  \"valid\": {},\n  \"duplicates\": {},\n",
                 summary.run_id, counts.records_read, counts.valid, counts.duplicates);
  fmt::format_to(it, "  ");
  append_reason_counts(out, counts, ",\n  ");
  fmt::format_to(it,
                 ",\n  \"inputs\": {{\"seen\": {}, \"skipped_already_processed\": {}, "
                 "\"skipped_links_outside\": {}}},\n",
                 counts.inputs_seen, counts.inputs_skipped, counts.inputs_refused);
  const SalesState& sales = summary.totals->sales;
  fmt::format_to(it,
                 "  \"purchases\": {},\n  \"units_sold\": {},\n  \"total_revenue\": {},\n  \"currency\": "
                 "\"{}\",\n",
                 sales.purchases(), sales.units(), format_cents(sales.revenue()), summary.currency.code);
  fmt::format_to(it, "  \"events_by_type\": {{");
  const EventTypeCounts& event_types =
      summary.run_event_types ? *summary.run_event_types : summary.totals->event_types;
  for (int i = 0; i < kEventTypeCount; ++i) {
    fmt::format_to(it, "{}\"{}\": {}", i ? ", " : "", event_type_name(EventType(i)), event_types.counts[i]);
  }
  fmt::format_to(it, "}},\n");
  if (summary.sessions) {
    const SessionCounts& sessions = *summary.sessions;
    fmt::format_to(
        it,
        "  \"sessions\": {{\"total\": {}, \"converted\": {}, \"with_cart\": {}, \"abandoned\": {}, "
        "\"abandonment_rate\": {:.4f}, \"abandoned_value\": {}}},\n",
        sessions.sessions, sessions.purchased, sessions.added, sessions.abandoned,
        sessions.abandonment_rate(), format_cents(sessions.abandoned_value));
  }
  if (summary.orders) {
    const OrderExportSummary& orders = *summary.orders;
    fmt::format_to(it,
                   "  \"orders\": {{\"exports\": {{\"seen\": {}, \"skipped_already_processed\": {}}}, "
                   "\"records_read\": {}, \"valid\": {}, \"duplicates\": {}, ",
                   orders.counts.inputs_seen, orders.counts.inputs_skipped, orders.counts.records_read,
                   orders.counts.valid, orders.counts.duplicates);
    append_reason_counts(out, orders.counts, ", ");
    fmt::format_to(it, ", \"orders_added\": {}, \"lines_added\": {}, \"load_seconds\": {:.3f}}},\n",
                   orders.orders_added, orders.lines_added, orders.load_seconds);
  }
  fmt::format_to(it, "  \"report_only\": {},\n  \"threads\": {},\n", summary.report_only, summary.threads);
  fmt::format_to(
      it, "  \"elapsed_seconds\": {:.3f},\n  \"records_per_second\": {:.0f},\n  \"bytes_read\": {},\n",
      summary.elapsed_seconds, per_second(counts.records_read, summary.elapsed_seconds), counts.bytes_read);
  fmt::format_to(it, "  \"bytes_decoded\": {}\n}}\n", counts.bytes_decoded);
  return fmt::to_string(out);
}

std::string run_summary_text(const RunSummary& summary) {
  const RunCounts& counts = summary.counts;
  const SalesState& sales = summary.totals->sales;
  auto out = fmt::memory_buffer();
  auto it = std::back_inserter(out);
  auto line = [&](std::string_view label, const std::string& value) {
    fmt::format_to(it, "  {:<20} {}\n", label, value);
  };
  // Quarantined records by reason, then duplicates: events and order rows alike.
  auto outcomes = [&](const RunCounts& of) {
    line("  quarantined", grouped(of.quarantined()));
    for (int i = 0; i < kQuarantineReasonCount; ++i) {
      if (of.quarantined_by_reason[i] == 0) continue;
      line(fmt::format("    {}", quarantine_reason_name(QuarantineReason(i))),
           grouped(of.quarantined_by_reason[i]));
    }
    line("  duplicates", grouped(of.duplicates));
  };
  fmt::format_to(it, "\necomflow run{}\n", summary.run_id ? fmt::format(" #{}", summary.run_id) : "");
  line("inputs", fmt::format("{} found, {} new, {} already processed", counts.inputs_seen,
                             counts.inputs_seen - counts.inputs_skipped, counts.inputs_skipped));
  if (counts.inputs_refused > 0)
    line("  not read", fmt::format("{} link(s) leaving the events directory", counts.inputs_refused));
  line("files", fmt::format("{} read, {} quarantined", grouped(counts.files_read), counts.files_quarantined));
  line("records read", grouped(counts.records_read));
  line("  valid", grouped(counts.valid));
  outcomes(counts);
  line("purchases (report)",
       fmt::format("{} ({} units)", grouped(sales.purchases()), grouped(sales.units())));
  // Money reads as on the page and the charts: the currency's sign, grouped, and its code.
  line("revenue (report)",
       fmt::format("{} {}", format_money(sales.revenue(), summary.currency), summary.currency.code));
  if (summary.sessions && summary.sessions->sessions > 0) {
    const SessionCounts& sessions = *summary.sessions;
    line("sessions", fmt::format("{} ({:.1f}% converted)", grouped(sessions.sessions),
                                 100.0 * double(sessions.purchased) / double(sessions.sessions)));
    line("cart abandonment",
         fmt::format("{:.1f}% of {} carts, {} left in carts", 100.0 * sessions.abandonment_rate(),
                     grouped(sessions.added), format_money(sessions.abandoned_value, summary.currency)));
  }
  if (summary.orders) {
    const RunCounts& orders = summary.orders->counts;
    line("order exports", fmt::format("{} found, {} new, {} already processed{}", orders.inputs_seen,
                                      orders.inputs_seen - orders.inputs_skipped, orders.inputs_skipped,
                                      orders.files_quarantined > 0
                                          ? fmt::format(", {} file(s) unreadable", orders.files_quarantined)
                                          : ""));
    line("order rows read", grouped(orders.records_read));
    line("  valid", fmt::format("{} ({} new orders, {} lines)", grouped(orders.valid),
                                grouped(summary.orders->orders_added), grouped(summary.orders->lines_added)));
    outcomes(orders);
  }
  line("elapsed", fmt::format("{:.3f} s on {} thread{}", summary.elapsed_seconds, summary.threads,
                              summary.threads == 1 ? "" : "s"));
  line("throughput", fmt::format("{} records/s, {:.0f} MB/s decoded",
                                 grouped(int64_t(per_second(counts.records_read, summary.elapsed_seconds))),
                                 per_second(counts.bytes_decoded, summary.elapsed_seconds) / 1e6));
  line("reports", summary.reports_withheld.empty()
                      ? summary.reports_dir.string()
                      : fmt::format("not written ({})", summary.reports_withheld));
  return fmt::to_string(out);
}

}  // namespace ecomflow
