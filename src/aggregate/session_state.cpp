#include "aggregate/session_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <memory>
#include <thread>

#include "aggregate/sorted_runs.hpp"
#include "core/error.hpp"

namespace ecomflow {
namespace {

/// Start offset of each customer's events after a counting sort; entry
/// `counts.size()` is the total.
std::vector<size_t> customer_offsets(const std::vector<uint32_t>& counts) {
  std::vector<size_t> offsets(counts.size() + 1, 0);
  for (size_t i = 0; i < counts.size(); ++i) offsets[i + 1] = offsets[i] + counts[i];
  return offsets;
}

/// Calls `visit(entry)` for every entry of a partition's log: the spilled
/// runs (read back `buffer`'s worth at a time), then the chunks in memory.
template <typename Runs, typename Log, typename Buffer, typename Visit>
void visit_log(const Runs& spilled, const Log& log, Buffer& buffer, Visit&& visit) {
  constexpr size_t kReadItems = 16384;
  using Item = typename Buffer::value_type;
  for (const auto& run : spilled) {
    for (size_t done = 0; done < run.count;) {
      const size_t count = std::min(kReadItems, run.count - done);
      buffer.resize(count);
      run.file->read_items(run.offset + done * sizeof(Item), std::span<Item>(buffer));
      for (const Item& item : buffer) visit(item);
      done += count;
    }
  }
  log.for_each(visit);
}

/// A customer's events are usually a few time-ordered runs, one per worker
/// that logged some of them; past this many they are sorted outright.
constexpr size_t kMaxRunsToMerge = 16;

}  // namespace

SessionState::SessionState(const Catalog& catalog, int64_t gap_us, size_t memory_budget)
    : catalog_(&catalog),
      gap_us_(gap_us),
      memory_budget_(memory_budget),
      partition_shift_(0),
      unkeyed_counts_(catalog.customers().size(), 0),
      keyed_counts_(catalog.customers().size(), 0) {
  ECOMFLOW_CHECK_LE(0, gap_us);
  // Power-of-two customer ranges, so that add() finds a partition with a shift.
  const size_t customers = std::max<size_t>(catalog.customers().size(), 1);
  while ((((customers - 1) >> partition_shift_) + 1) > kPartitions) ++partition_shift_;
  logs_.emplace_back(((customers - 1) >> partition_shift_) + 1);
}

int64_t SessionState::events() const {
  int64_t events = 0;
  for (const uint32_t count : unkeyed_counts_) events += count;
  for (const uint32_t count : keyed_counts_) events += count;
  return events;
}

size_t SessionState::memory_bytes() const {
  size_t bytes = 0;
  for (const Log& log : logs_) {
    for (const Partition& partition : log)
      bytes += partition.unkeyed.memory_bytes() + partition.keyed.memory_bytes();
  }
  return bytes;
}

std::pair<size_t, size_t> SessionState::partition_customers(size_t partition) const {
  const size_t customers = catalog_->customers().size();
  return {std::min(customers, partition << partition_shift_),
          std::min(customers, (partition + 1) << partition_shift_)};
}

SessionState::LoggedEvent SessionState::log_entry(const Event& event) {
  ECOMFLOW_CHECK(event.quantity >= 0 && event.quantity < (1 << 29));
  const uint64_t time = uint64_t(event.time);
  LoggedEvent logged{uint32_t(time), uint32_t(time >> 32), event.customer, event.product,
                     uint32_t(event.quantity) | uint32_t(event.type) << 29};
  return logged;
}

SessionEvent SessionState::session_event(const LoggedEvent& logged) {
  const TimestampUs time = TimestampUs(uint64_t(logged.time_low) | uint64_t(logged.time_high) << 32);
  SessionEvent event{time, logged.product, logged.quantity_and_type & ((1u << 29) - 1),
                     logged.quantity_and_type >> 29};
  return event;
}

void SessionState::add(std::span<const Event> events) {
  Log& own = logs_.front();
  for (const Event& event : events) {
    Partition& partition = own[partition_of(event.customer)];
    if (event.session_key == 0) {
      partition.unkeyed.push_back(log_entry(event));
      ++unkeyed_counts_[event.customer];
    } else {
      ++keyed_counts_[event.customer];
      partition.keyed.push_back(
          {uint32_t(event.session_key), uint32_t(event.session_key >> 32), log_entry(event)});
    }
  }
  if (memory_budget_ != 0 && memory_bytes() > memory_budget_) spill();
}

void SessionState::spill() {
  if (!spill_file_) {
    spill_file_ = std::make_shared<SpillFile>(
        std::filesystem::path(), "session log",
        fmt::format("point TMPDIR at a writable directory with free space, or raise --session-memory (now {} "
                    "MB; 0 keeps the whole log in memory)",
                    (memory_budget_ + (1 << 20) - 1) >> 20));
  }
  auto drain = [this](auto& log, std::vector<SpilledRun>& runs) {
    log.drain_all_but_last([&](auto chunk) {
      runs.push_back({spill_file_, spill_file_->append_items(chunk), chunk.size()});
      spilled_events_ += int64_t(chunk.size());
      spilled_bytes_ += chunk.size_bytes();
    });
  };
  for (Log& log : logs_) {
    for (Partition& partition : log) {
      drain(partition.unkeyed, partition.unkeyed_spilled);
      drain(partition.keyed, partition.keyed_spilled);
    }
  }
}

bool SessionState::holds_events(const Log& log) {
  return std::any_of(log.begin(), log.end(), [](const Partition& partition) {
    return !partition.unkeyed.empty() || !partition.keyed.empty() || !partition.unkeyed_spilled.empty() ||
           !partition.keyed_spilled.empty();
  });
}

void SessionState::set_closed(SessionReport closed) {
  closed_ = std::make_shared<const SessionReport>(std::move(closed));
}

SessionCarry SessionState::close_sessions(size_t max_rows) const {
  SessionCarry carry;
  ReportJob job(*this, max_rows, 1, &carry.open);
  job.cut(0);
  carry.closed = job.finish();
  return carry;
}

void SessionState::merge(const SessionState& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  ECOMFLOW_CHECK_EQ(gap_us_, other.gap_us_);
  ECOMFLOW_CHECK(!closed_ || !other.closed_);
  if (!closed_) closed_ = other.closed_;
  for (const Log& log : other.logs_) {
    if (!holds_events(log)) continue;
    Log& copy = logs_.emplace_back(log.size());
    for (size_t i = 0; i < log.size(); ++i) {
      copy[i].unkeyed.append(log[i].unkeyed);
      copy[i].keyed.append(log[i].keyed);
      copy[i].unkeyed_spilled = log[i].unkeyed_spilled;
      copy[i].keyed_spilled = log[i].keyed_spilled;
    }
  }
  add_counts(other);
}

void SessionState::merge(SessionState&& other) {
  ECOMFLOW_CHECK(catalog_ == other.catalog_);
  ECOMFLOW_CHECK_EQ(gap_us_, other.gap_us_);
  ECOMFLOW_CHECK(!closed_ || !other.closed_);
  if (!closed_) closed_ = std::move(other.closed_);
  for (Log& log : other.logs_) {
    if (holds_events(log)) logs_.push_back(std::move(log));
  }
  const size_t partitions = other.partition_count();
  other.logs_.clear();
  other.logs_.emplace_back(partitions);
  add_counts(other);
  std::fill(other.unkeyed_counts_.begin(), other.unkeyed_counts_.end(), 0);
  std::fill(other.keyed_counts_.begin(), other.keyed_counts_.end(), 0);
  other.spilled_events_ = 0;
  other.spilled_bytes_ = 0;
}

void SessionState::add_counts(const SessionState& other) {
  spilled_events_ += other.spilled_events_;
  spilled_bytes_ += other.spilled_bytes_;
  for (size_t i = 0; i < unkeyed_counts_.size(); ++i) unkeyed_counts_[i] += other.unkeyed_counts_[i];
  for (size_t i = 0; i < keyed_counts_.size(); ++i) keyed_counts_[i] += other.keyed_counts_[i];
}

SessionReport SessionState::report(size_t max_rows, int threads) const {
  ReportJob job = report_job(max_rows, threads);
  {
    std::vector<std::jthread> workers;
    for (size_t part = 1; part < job.parts(); ++part) workers.emplace_back([&job, part] { job.cut(part); });
    job.cut(0);
  }
  return job.finish();
}

SessionState::ReportJob SessionState::report_job(size_t max_rows, int parts) const {
  return ReportJob(*this, max_rows, parts);
}

SessionState::ReportJob::ReportJob(const SessionState& state, size_t max_rows, int parts,
                                   std::vector<Event>* carried)
    : state_(&state),
      max_rows_(max_rows),
      carried_(carried),
      unkeyed_offsets_(customer_offsets(state.unkeyed_counts_)),
      keyed_offsets_(customer_offsets(state.keyed_counts_)) {
  // Customers are independent: each part is a contiguous range of them
  // (about the same number of events each) cut into its own builder, and the
  // builders are merged in range order, which is the order one thread would
  // have walked the customers in. A partition split between two ranges is
  // read by both parts, each keeping its own customers' events.
  constexpr size_t kMinEventsPerPart = 65536;
  const size_t customers = state.unkeyed_counts_.size();
  const size_t total = logged_before(customers);
  // Carried events are appended in customer order: one part.
  const size_t count =
      carried ? 1
              : std::clamp<size_t>(std::min(size_t(std::max(parts, 1)), total / kMinEventsPerPart), 1,
                                   std::max<size_t>(customers, 1));
  bounds_.push_back(0);
  for (size_t part = 1; part < count; ++part) {
    const size_t target = total * part / count;
    size_t customer = bounds_.back();
    while (customer < customers && logged_before(customer + 1) <= target) ++customer;
    // The boundary nearer to the target: before or after this customer.
    if (customer < customers && logged_before(customer) <= target &&
        logged_before(customer + 1) - target < target - logged_before(customer))
      ++customer;
    bounds_.push_back(customer);
  }
  bounds_.push_back(customers);
  // With a budget, each part's scratch gets its share: a partition that
  // needs more is cut a range of customers at a time (at least one customer).
  scratch_budget_ = state.memory_budget_ == 0 ? std::numeric_limits<size_t>::max()
                                              : std::max<size_t>(state.memory_budget_ / count, 1);
  builders_.resize(count);
  first_full_part_ = std::make_unique<std::atomic<size_t>>(SIZE_MAX);
}

void SessionState::ReportJob::cut(size_t part) {
  ECOMFLOW_CHECK_LT(part, parts());
  const SessionState& state = *state_;
  const auto scratch_bytes = [&](size_t customer) {
    return state.unkeyed_counts_[customer] * sizeof(SessionEvent) +
           state.keyed_counts_[customer] * sizeof(KeyedEvent);
  };
  // What a thread writes per event or session (its builder, its scratch)
  // sits on cache lines of its own: malloc may hand two threads neighbouring
  // blocks of one arena, and a line both threads write goes back and forth
  // between the cores on every update (bench_micro BM_SessionsReport
  // compares one thread with two).
  auto builder = std::make_unique<SessionReportBuilder>(*state.catalog_, max_rows_);
  builder->share_row_limit(*first_full_part_, part);
  // An upper bound: a session has at least one event.
  builder->reserve_rows(logged_before(bounds_[part + 1]) - logged_before(bounds_[part]));
  CutScratch scratch;
  for (size_t i = state.partition_of(uint32_t(bounds_[part])); i < state.partition_count(); ++i) {
    const auto [partition_first, partition_last] = state.partition_customers(i);
    if (partition_first >= bounds_[part + 1]) break;
    const size_t first = std::max(partition_first, bounds_[part]);
    const size_t last = std::min(partition_last, bounds_[part + 1]);
    for (size_t begin = first; begin < last;) {
      size_t end = begin + 1;
      for (size_t bytes = scratch_bytes(begin); end < last && bytes + scratch_bytes(end) <= scratch_budget_;
           ++end)
        bytes += scratch_bytes(end);
      state.cut_customers(i, begin, end, unkeyed_offsets_, keyed_offsets_, scratch, *builder, carried_);
      begin = end;
    }
  }
  builders_[part] = std::move(builder);
}

SessionReport SessionState::ReportJob::finish() {
  for (const auto& builder : builders_) ECOMFLOW_CHECK(builder != nullptr);
  for (size_t part = 1; part < builders_.size(); ++part) builders_[0]->merge(std::move(*builders_[part]));
  SessionReport report = builders_[0]->finish();
  if (state_->closed_) add_session_report(report, *state_->closed_, *state_->catalog_, max_rows_);
  return report;
}

void SessionState::cut_customers(size_t partition, size_t first, size_t last,
                                 const std::vector<size_t>& unkeyed_offsets,
                                 const std::vector<size_t>& keyed_offsets, CutScratch& scratch,
                                 SessionReportBuilder& builder, std::vector<Event>* carried) const {
  const auto carry = [&](uint32_t customer, uint64_t session_key, std::span<const SessionEvent> events) {
    for (const SessionEvent& event : events) {
      carried->push_back(Event{.time = event.time,
                               .session_key = session_key,
                               .fingerprint = 0,
                               .customer = customer,
                               .product = event.product,
                               .quantity = int32_t(event.quantity),
                               .type = EventType(event.type)});
    }
  };
  // The range's events, grouped by customer (a counting sort); entries of
  // the partition's other customers are skipped.
  const size_t customers = last - first;
  const size_t unkeyed_base = unkeyed_offsets[first];
  auto& unkeyed = scratch.unkeyed;
  unkeyed.resize(unkeyed_offsets[last] - unkeyed_base);
  auto& next = scratch.next;
  next.assign(unkeyed_offsets.begin() + ptrdiff_t(first), unkeyed_offsets.begin() + ptrdiff_t(last));
  for (const Log& log : logs_) {
    visit_log(log[partition].unkeyed_spilled, log[partition].unkeyed, scratch.read_unkeyed,
              [&](const LoggedEvent& entry) {
                const size_t slot = entry.customer - first;
                if (slot < customers) unkeyed[next[slot]++ - unkeyed_base] = session_event(entry);
              });
  }
  const size_t keyed_base = keyed_offsets[first];
  auto& keyed = scratch.keyed;
  keyed.resize(keyed_offsets[last] - keyed_base);
  next.assign(keyed_offsets.begin() + ptrdiff_t(first), keyed_offsets.begin() + ptrdiff_t(last));
  for (const Log& log : logs_) {
    visit_log(log[partition].keyed_spilled, log[partition].keyed, scratch.read_keyed,
              [&](const LoggedKeyedEvent& entry) {
                const size_t slot = entry.event.customer - first;
                if (slot < customers)
                  keyed[next[slot]++ - keyed_base] = {
                      uint64_t(entry.key_low) | uint64_t(entry.key_high) << 32, session_event(entry.event)};
              });
  }

  auto& session = scratch.session;
  for (size_t customer = first; customer < last; ++customer) {
    const std::span<const SessionEvent> events =
        sort_runs(std::span(unkeyed).subspan(unkeyed_offsets[customer] - unkeyed_base,
                                             unkeyed_offsets[customer + 1] - unkeyed_offsets[customer]),
                  scratch.merge_unkeyed, kMaxRunsToMerge);
    size_t begin = 0;
    for (size_t i = 1; i <= events.size(); ++i) {
      if (i == events.size() || events[i].time - events[i - 1].time > gap_us_) {
        if (carried && i == events.size())
          carry(uint32_t(customer), 0, events.subspan(begin, i - begin));
        else
          builder.add_session(uint32_t(customer), 0, events.subspan(begin, i - begin));
        begin = i;
      }
    }
    const std::span<const KeyedEvent> keyed_events =
        sort_runs(std::span(keyed).subspan(keyed_offsets[customer] - keyed_base,
                                           keyed_offsets[customer + 1] - keyed_offsets[customer]),
                  scratch.merge_keyed, kMaxRunsToMerge);
    for (size_t i = 0; i < keyed_events.size(); ++i) {
      session.push_back(keyed_events[i].event);
      if (i + 1 == keyed_events.size() || keyed_events[i + 1].session_key != keyed_events[i].session_key) {
        // A later event may carry the same session_id, whenever it comes.
        if (carried)
          carry(uint32_t(customer), keyed_events[i].session_key, session);
        else
          builder.add_session(uint32_t(customer), keyed_events[i].session_key, session);
        session.clear();
      }
    }
  }
}

}  // namespace ecomflow
