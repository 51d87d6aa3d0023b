#include "aggregate/session_report.hpp"

#include <algorithm>
#include <tuple>

#include "aggregate/sorted_runs.hpp"
#include "core/error.hpp"

namespace ecomflow {
namespace {

void count_steps(SessionCounts& counts, uint8_t steps, bool abandoned, Cents abandoned_value) {
  ++counts.sessions;
  counts.viewed += (steps & 1) != 0;
  counts.added += (steps & 2) != 0;
  counts.purchased += (steps & 4) != 0;
  counts.abandoned += abandoned;
  counts.abandoned_value += abandoned_value;
}

}  // namespace

void SessionCounts::merge(const SessionCounts& other) {
  sessions += other.sessions;
  viewed += other.viewed;
  added += other.added;
  purchased += other.purchased;
  abandoned += other.abandoned;
  abandoned_value += other.abandoned_value;
}

void SessionReportBuilder::BinCounts::add(int64_t value, int64_t times) {
  min = std::min(min, value);
  max = std::max(max, value);
  sum += value * times;
  // Bins are ascending and contiguous: the value's bin is the last whose lower
  // bound it reaches, found without a branch per bin.
  size_t reached = 0;
  for (const int64_t lower : *lowers) reached += value >= lower;
  if (reached > 0) sessions[reached - 1] += times;
}

void SessionReportBuilder::BinCounts::merge(const BinCounts& other) {
  for (size_t i = 0; i < sessions.size(); ++i) sessions[i] += other.sessions[i];
  sum += other.sum;
  min = std::min(min, other.min);
  max = std::max(max, other.max);
}

Distribution SessionReportBuilder::BinCounts::distribution() const {
  const std::array<int64_t, 8>& lowers = *this->lowers;
  Distribution distribution;
  for (size_t i = 0; i < lowers.size(); ++i) {
    distribution.bins.push_back({lowers[i], i + 1 < lowers.size() ? lowers[i + 1] : INT64_MAX, sessions[i]});
    distribution.count += sessions[i];
  }
  if (distribution.count > 0) {
    distribution.sum = sum;
    distribution.min = min;
    distribution.max = max;
  }
  return distribution;
}

SessionReportBuilder::TypeEffect SessionReportBuilder::type_effect(uint32_t type) {
  static_assert(int(EventType::kPageView) == 0 && int(EventType::kViewProduct) == 1 &&
                int(EventType::kAddToCart) == 2 && int(EventType::kRemoveFromCart) == 3 &&
                int(EventType::kPurchase) == 4);
  static constexpr TypeEffect kTypeEffects[8] = {
      {0, 0, 0},          {kViewed, 0, 0}, {kAdded, 1, 0}, {0, -1, 0},
      {kPurchased, 0, 1}, {0, 0, 0},       {0, 0, 0},      {0, 0, 0},
  };
  return kTypeEffects[type];
}

void SessionReportBuilder::reserve_rows(size_t sessions) {
  report_.sessions.reserve(std::min(sessions, max_rows_));
}

SessionReportBuilder::SessionReportBuilder(const Catalog& catalog, size_t max_rows)
    : catalog_(&catalog),
      max_rows_(max_rows),
      abandoned_(catalog.products().size()),
      product_steps_(catalog.products().size(), 0),
      product_net_units_(catalog.products().size(), 0),
      category_steps_(catalog.categories().size(), 0),
      category_abandoned_value_(catalog.categories().size(), 0) {
  by_category_.resize(catalog.categories().size());
  // A session touches each product and category at most once; the lists are
  // written one past what they hold before the count moves on.
  touched_products_.resize(catalog.products().size() + 1);
  touched_categories_.resize(catalog.categories().size() + 1);
  for (size_t i = 0; i < abandoned_.size(); ++i) abandoned_[i].product = uint32_t(i);
}

void SessionReportBuilder::add_session(uint32_t customer, uint64_t session_key,
                                       std::span<const SessionEvent> events) {
  ECOMFLOW_CHECK(!events.empty());
  if (events.size() == 1) return add_bounce(customer, session_key, events.front());
  // The tables as local pointers: a store through uint8_t* may alias
  // anything, and the compiler would reload every member after each one.
  const Product* const products = catalog_->products().data();
  uint8_t* const product_steps = product_steps_.data();
  int64_t* const product_net_units = product_net_units_.data();
  uint32_t* const touched_products = touched_products_.data();
  uint8_t steps = 0;
  size_t touched = 0;
  int64_t units = 0;
  Cents revenue = 0;
  for (const SessionEvent& event : events) {
    if (event.product == kNoProduct) continue;
    const TypeEffect effect = type_effect(event.type);
    touched_products[touched] = event.product;
    touched += (product_steps[event.product] & kTouched) == 0;
    product_steps[event.product] |= effect.step | kTouched;
    steps |= effect.step;
    product_net_units[event.product] += effect.cart_sign * int64_t(event.quantity);
    const int64_t bought = effect.purchased * int64_t(event.quantity);
    units += bought;
    revenue += bought * products[event.product].price;
  }
  Session session{customer, session_key, events.front().time, events.back().time, int64_t(events.size())};
  session.units = units;
  session.revenue = revenue;
  session.converted = (steps & kPurchased) != 0;
  session.abandoned = (steps & kAdded) != 0 && !session.converted;

  // The session's steps are known, so one walk over its products counts
  // them, what is left in an abandoned cart and each category they are in.
  uint8_t* const category_steps = category_steps_.data();
  Cents* const category_abandoned_value = category_abandoned_value_.data();
  uint16_t* const touched_categories = touched_categories_.data();
  size_t categories = 0;
  int64_t viewed = 0, added = 0, purchased = 0;
  Cents abandoned_value = 0;
  for (const uint32_t product : std::span(touched_products, touched)) {
    const uint8_t this_steps = product_steps[product];
    viewed += (this_steps & kViewed) != 0;
    added += (this_steps & kAdded) != 0;
    purchased += (this_steps & kPurchased) != 0;
    const Product& item = products[product];
    const int64_t left = session.abandoned ? std::max<int64_t>(product_net_units[product], 0) : 0;
    const Cents left_value = left * item.price;
    if (left > 0) {
      AbandonedProduct& slot = abandoned_[product];
      ++slot.sessions;
      slot.units += left;
      slot.value += left_value;
      abandoned_value += left_value;
    }
    const uint16_t category = item.category_index;
    touched_categories[categories] = category;
    categories += category_steps[category] == 0;
    category_steps[category] |= this_steps;  // kTouched makes it non-zero
    category_abandoned_value[category] += left_value;
    product_steps[product] = 0;
    product_net_units[product] = 0;
  }
  session.products_viewed = viewed;
  session.products_added = added;
  session.products_purchased = purchased;
  session.abandoned_value = abandoned_value;
  for (const uint16_t category : std::span(touched_categories, categories)) {
    const bool abandoned = session.abandoned && (category_steps[category] & kAdded) != 0;
    count_steps(by_category_[category], category_steps[category], abandoned,
                category_abandoned_value[category]);
    category_steps[category] = 0;
    category_abandoned_value[category] = 0;
  }
  count_session(session, steps);
  durations_.add(session.duration_seconds());
  event_counts_.add(session.events);
}

void SessionReportBuilder::add_bounce(uint32_t customer, uint64_t session_key, const SessionEvent& event) {
  // What add_session() works out for one event, without its per-product
  // tables: over half of all sessions are a single event.
  Session session{customer, session_key, event.time, event.time, 1};
  session.bounced = true;
  uint8_t steps = 0;
  if (event.product != kNoProduct) {
    const Product& product = catalog_->products()[event.product];
    const TypeEffect effect = type_effect(event.type);
    steps = effect.step;
    session.products_viewed = steps == kViewed;
    session.products_added = steps == kAdded;
    session.products_purchased = steps == kPurchased;
    session.units = effect.purchased * int64_t(event.quantity);
    session.revenue = session.units * product.price;
    session.converted = effect.purchased != 0;
    session.abandoned = steps == kAdded;
    if (session.abandoned && event.quantity > 0) {
      session.abandoned_value = int64_t(event.quantity) * product.price;
      AbandonedProduct& slot = abandoned_[event.product];
      ++slot.sessions;
      slot.units += event.quantity;
      slot.value += session.abandoned_value;
    }
    count_steps(by_category_[product.category_index], steps, session.abandoned, session.abandoned_value);
  }
  ++bounces_;
  count_session(session, steps);
}

void SessionReportBuilder::share_row_limit(std::atomic<size_t>& first_full, size_t part) {
  first_full_part_ = &first_full;
  part_ = part;
}

void SessionReportBuilder::count_session(const Session& session, uint8_t steps) {
  count_steps(by_day_[day_of(session.start)], steps, session.abandoned, session.abandoned_value);
  // The shared limit is only read while this part could still keep rows.
  const auto earlier_part_full = [&] {
    return first_full_part_ != nullptr && first_full_part_->load(std::memory_order_relaxed) < part_;
  };
  if (report_.sessions.size() < max_rows_ && !earlier_part_full()) {
    report_.sessions.push_back(session);
    if (report_.sessions.size() == max_rows_ && first_full_part_ != nullptr) {
      size_t first = first_full_part_->load(std::memory_order_relaxed);
      while (part_ < first &&
             !first_full_part_->compare_exchange_weak(first, part_, std::memory_order_relaxed)) {
      }
    }
  } else {
    ++report_.sessions_left_out;
  }
}

void SessionReportBuilder::merge(SessionReportBuilder&& later) {
  ECOMFLOW_CHECK(catalog_ == later.catalog_);
  for (size_t i = 0; i < by_category_.size(); ++i) by_category_[i].merge(later.by_category_[i]);
  later.by_day_.for_each([&](DayNumber day, const SessionCounts& counts) {
    if (counts.sessions != 0) by_day_[day].merge(counts);
  });
  durations_.merge(later.durations_);
  event_counts_.merge(later.event_counts_);
  bounces_ += later.bounces_;
  for (size_t i = 0; i < abandoned_.size(); ++i) {
    abandoned_[i].sessions += later.abandoned_[i].sessions;
    abandoned_[i].units += later.abandoned_[i].units;
    abandoned_[i].value += later.abandoned_[i].value;
  }
  const size_t room = max_rows_ - std::min(max_rows_, report_.sessions.size());
  const size_t taken = std::min(room, later.report_.sessions.size());
  report_.sessions.insert(report_.sessions.end(), later.report_.sessions.begin(),
                          later.report_.sessions.begin() + ptrdiff_t(taken));
  report_.sessions_left_out +=
      later.report_.sessions_left_out + int64_t(later.report_.sessions.size() - taken);
}

SessionReport SessionReportBuilder::finish() {
  if (bounces_ > 0) {
    durations_.add(0, bounces_);
    event_counts_.add(1, bounces_);
  }
  report_.duration_seconds = durations_.distribution();
  report_.events = event_counts_.distribution();
  report_.by_category.assign(by_category_.begin(), by_category_.end());
  by_day_.for_each([&](DayNumber day, const SessionCounts& counts) {
    if (counts.sessions == 0) return;
    report_.by_day.emplace_back(day, counts);
    report_.overall.merge(counts);
  });
  const auto& products = catalog_->products();
  for (const AbandonedProduct& product : abandoned_) {
    if (product.sessions > 0) report_.abandoned_products.push_back(product);
  }
  std::sort(report_.abandoned_products.begin(), report_.abandoned_products.end(),
            [&](const AbandonedProduct& a, const AbandonedProduct& b) {
              return std::tie(b.sessions, b.units, b.value, products[a.product].id) <
                     std::tie(a.sessions, a.units, a.value, products[b.product].id);
            });
  // Rows come customer by customer, each customer's gap sessions in time
  // order, so they are usually in order already; otherwise (session_id
  // sessions come by key hash) 16-byte keys are sorted, not the 96-byte
  // rows, and the rows are gathered once.
  std::vector<Session>& rows = report_.sessions;
  const auto row_before = [&](const Session& a, const Session& b) {
    return std::tie(a.customer, a.start, a.session_key) < std::tie(b.customer, b.start, b.session_key);
  };
  if (std::is_sorted(rows.begin(), rows.end(), row_before)) return std::move(report_);
  ECOMFLOW_CHECK_LT(rows.size(), size_t(UINT32_MAX));
  struct RowKey {
    uint32_t customer;
    uint32_t row;
    TimestampUs start;
  };
  std::vector<RowKey> keys(rows.size());
  for (size_t row = 0; row < rows.size(); ++row)
    keys[row] = {rows[row].customer, uint32_t(row), rows[row].start};
  std::vector<RowKey> buffer;
  const std::span<const RowKey> order =
      sort_runs(std::span<RowKey>(keys), buffer, std::max<size_t>(keys.size() / 16, 16),
                [&](const RowKey& a, const RowKey& b) {
                  if (a.customer != b.customer) return a.customer < b.customer;
                  if (a.start != b.start) return a.start < b.start;
                  return rows[a.row].session_key < rows[b.row].session_key;
                });
  std::vector<Session> sorted;
  sorted.reserve(order.size());
  for (const RowKey& key : order) sorted.push_back(rows[key.row]);
  rows = std::move(sorted);
  return std::move(report_);
}

namespace {

void add_distribution(Distribution& into, const Distribution& other) {
  if (other.count == 0) {
    if (into.bins.empty()) into.bins = other.bins;
    return;
  }
  if (into.count == 0) {
    into = other;
    return;
  }
  ECOMFLOW_CHECK_EQ(into.bins.size(), other.bins.size());
  for (size_t i = 0; i < into.bins.size(); ++i) into.bins[i].sessions += other.bins[i].sessions;
  into.count += other.count;
  into.sum += other.sum;
  into.min = std::min(into.min, other.min);
  into.max = std::max(into.max, other.max);
}

/// Where a session comes in the walk SessionState::report() takes.
auto walk_key(const Session& session) {
  return std::make_tuple(session.customer, session.session_key != 0, session.session_key, session.start);
}

void put_counts(StateWriter& out, const SessionCounts& counts) {
  for (const int64_t value : {counts.sessions, counts.viewed, counts.added, counts.purchased,
                              counts.abandoned, counts.abandoned_value})
    out.put(value);
}

void get_counts(StateReader& in, SessionCounts& counts) {
  for (int64_t* value : {&counts.sessions, &counts.viewed, &counts.added, &counts.purchased,
                         &counts.abandoned, &counts.abandoned_value})
    in.get(*value);
}

void put_distribution(StateWriter& out, const Distribution& distribution) {
  out.put(int64_t(distribution.bins.size()));
  for (const DistributionBin& bin : distribution.bins) {
    out.put(bin.lower);
    out.put(bin.upper);
    out.put(bin.sessions);
  }
  for (const int64_t value : {distribution.count, distribution.sum, distribution.min, distribution.max})
    out.put(value);
}

bool get_distribution(StateReader& in, Distribution& distribution) {
  int64_t bins = 0;
  if (!in.get(bins) || bins < 0 || bins > 64) return false;
  distribution.bins.resize(size_t(bins));
  for (DistributionBin& bin : distribution.bins) {
    in.get(bin.lower);
    in.get(bin.upper);
    in.get(bin.sessions);
  }
  for (int64_t* value : {&distribution.count, &distribution.sum, &distribution.min, &distribution.max})
    in.get(*value);
  return in.ok();
}

/// A count read back, checked against what the rest of the bytes can hold.
bool get_size(StateReader& in, size_t limit, size_t& size) {
  int64_t value = 0;
  if (!in.get(value) || value < 0 || uint64_t(value) > limit) return false;
  size = size_t(value);
  return true;
}

}  // namespace

void add_session_report(SessionReport& into, const SessionReport& other, const Catalog& catalog,
                        size_t max_rows) {
  into.overall.merge(other.overall);
  if (into.by_category.empty()) into.by_category.resize(other.by_category.size());
  ECOMFLOW_CHECK(other.by_category.empty() || other.by_category.size() == into.by_category.size());
  for (size_t i = 0; i < other.by_category.size(); ++i) into.by_category[i].merge(other.by_category[i]);

  std::vector<std::pair<DayNumber, SessionCounts>> days;
  days.reserve(into.by_day.size() + other.by_day.size());
  auto mine = into.by_day.begin();
  auto theirs = other.by_day.begin();
  while (mine != into.by_day.end() || theirs != other.by_day.end()) {
    if (theirs == other.by_day.end() || (mine != into.by_day.end() && mine->first < theirs->first)) {
      days.push_back(*mine++);
    } else if (mine == into.by_day.end() || theirs->first < mine->first) {
      days.push_back(*theirs++);
    } else {
      days.push_back(*mine++);
      days.back().second.merge((theirs++)->second);
    }
  }
  into.by_day = std::move(days);
  add_distribution(into.duration_seconds, other.duration_seconds);
  add_distribution(into.events, other.events);

  std::vector<AbandonedProduct> products(catalog.products().size());
  for (const std::vector<AbandonedProduct>* list :
       {&std::as_const(into.abandoned_products), &other.abandoned_products}) {
    for (const AbandonedProduct& product : *list) {
      AbandonedProduct& sum = products.at(product.product);
      sum.product = product.product;
      sum.sessions += product.sessions;
      sum.units += product.units;
      sum.value += product.value;
    }
  }
  into.abandoned_products.clear();
  for (const AbandonedProduct& product : products)
    if (product.sessions > 0) into.abandoned_products.push_back(product);
  const auto& ids = catalog.products();
  std::sort(into.abandoned_products.begin(), into.abandoned_products.end(),
            [&](const AbandonedProduct& a, const AbandonedProduct& b) {
              return std::tie(b.sessions, b.units, b.value, ids[a.product].id) <
                     std::tie(a.sessions, a.units, a.value, ids[b.product].id);
            });

  // Each report kept the first rows of its own walk, so the first rows of
  // the joint walk are among them; they are listed as finish() lists them.
  // Without session_id rows both lists are in walk order already: a merge.
  const auto walk_before = [](const Session& a, const Session& b) { return walk_key(a) < walk_key(b); };
  const auto listed_before = [](const Session& a, const Session& b) {
    return std::tie(a.customer, a.start, a.session_key) < std::tie(b.customer, b.start, b.session_key);
  };
  std::vector<Session>& rows = into.sessions;
  if (!std::is_sorted(rows.begin(), rows.end(), walk_before))
    std::sort(rows.begin(), rows.end(), walk_before);
  const auto middle = ptrdiff_t(rows.size());
  rows.insert(rows.end(), other.sessions.begin(), other.sessions.end());
  if (!std::is_sorted(rows.begin() + middle, rows.end(), walk_before))
    std::sort(rows.begin() + middle, rows.end(), walk_before);
  std::inplace_merge(rows.begin(), rows.begin() + middle, rows.end(), walk_before);
  const size_t kept = std::min(rows.size(), max_rows);
  into.sessions_left_out += other.sessions_left_out + int64_t(rows.size() - kept);
  rows.resize(kept);
  if (!std::is_sorted(rows.begin(), rows.end(), listed_before))
    std::sort(rows.begin(), rows.end(), listed_before);
}

void save_session_report(const SessionReport& report, StateWriter& out) {
  put_counts(out, report.overall);
  out.put(int64_t(report.by_category.size()));
  for (const SessionCounts& counts : report.by_category) put_counts(out, counts);
  out.put(int64_t(report.by_day.size()));
  for (const auto& [day, counts] : report.by_day) {
    out.put(day);
    put_counts(out, counts);
  }
  put_distribution(out, report.duration_seconds);
  put_distribution(out, report.events);
  out.put(int64_t(report.abandoned_products.size()));
  for (const AbandonedProduct& product : report.abandoned_products) {
    out.put(product.product);
    out.put(product.sessions);
    out.put(product.units);
    out.put(product.value);
  }
  // Up to --session-rows rows, by customer and start: each as small
  // differences from the row before, a few bytes instead of 96.
  out.put(int64_t(report.sessions.size()));
  Session previous{};
  for (const Session& session : report.sessions) {
    out.put_small(int64_t(session.customer) - int64_t(previous.customer));
    out.put_small(session.start - (session.customer == previous.customer ? previous.start : 0));
    out.put_small(session.end - session.start);
    for (const int64_t value :
         {int64_t(session.session_key), session.events, session.products_viewed, session.products_added,
          session.products_purchased, session.units, session.revenue, session.abandoned_value})
      out.put_small(value);
    out.put_small(int64_t(session.converted) | int64_t(session.bounced) << 1 |
                  int64_t(session.abandoned) << 2);
    previous = session;
  }
  out.put(report.sessions_left_out);
}

bool restore_session_report(StateReader& in, const Catalog& catalog, SessionReport& report) {
  report = SessionReport{};
  get_counts(in, report.overall);
  size_t size = 0;
  if (!get_size(in, catalog.categories().size(), size)) return false;
  report.by_category.resize(size);
  for (SessionCounts& counts : report.by_category) get_counts(in, counts);
  if (!get_size(in, size_t(1) << 24, size)) return false;
  report.by_day.resize(size);
  for (auto& [day, counts] : report.by_day) {
    int64_t value = 0;
    in.get(value);
    day = DayNumber(value);
    get_counts(in, counts);
  }
  if (!get_distribution(in, report.duration_seconds) || !get_distribution(in, report.events)) return false;
  if (!get_size(in, catalog.products().size(), size)) return false;
  report.abandoned_products.resize(size);
  for (AbandonedProduct& product : report.abandoned_products) {
    int64_t index = 0;
    in.get(index);
    if (index < 0 || size_t(index) >= catalog.products().size()) return false;
    product.product = uint32_t(index);
    in.get(product.sessions);
    in.get(product.units);
    in.get(product.value);
  }
  if (!get_size(in, 1'000'000'000, size)) return false;  // --session-rows at most
  report.sessions.resize(size);
  Session previous{};
  for (Session& session : report.sessions) {
    int64_t customer = 0, start = 0, duration = 0, key = 0, flags = 0;
    in.get_small(customer);
    customer += int64_t(previous.customer);
    if (!in.ok() || customer < 0 || size_t(customer) >= catalog.customers().size()) return false;
    session.customer = uint32_t(customer);
    in.get_small(start);
    session.start = start + (session.customer == previous.customer ? previous.start : 0);
    in.get_small(duration);
    session.end = session.start + duration;
    in.get_small(key);
    session.session_key = uint64_t(key);
    for (int64_t* value :
         {&session.events, &session.products_viewed, &session.products_added, &session.products_purchased,
          &session.units, &session.revenue, &session.abandoned_value})
      in.get_small(*value);
    in.get_small(flags);
    session.converted = (flags & 1) != 0;
    session.bounced = (flags & 2) != 0;
    session.abandoned = (flags & 4) != 0;
    previous = session;
  }
  in.get(report.sessions_left_out);
  return in.ok();
}

}  // namespace ecomflow
