#pragma once
/// What sessions say once they are cut: one row per session, sessions that
/// reached each funnel step (overall, per category, per day), cart
/// abandonment and the distributions of session length.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "aggregate/day_table.hpp"
#include "aggregate/state_codec.hpp"
#include "core/cache_line.hpp"
#include "core/catalog.hpp"
#include "core/event.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// An event as sessionisation keeps it: 16 bytes, no customer (the list it
/// lives in says whose it is).
struct SessionEvent {
  TimestampUs time;
  uint32_t product;        ///< catalog index or kNoProduct
  uint32_t quantity : 29;  ///< the contract caps quantities far below 2^29
  uint32_t type : 3;       ///< EventType

  /// A total order (time first) so that sorting makes merged lists identical.
  friend bool operator<(const SessionEvent& a, const SessionEvent& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.type != b.type) return a.type < b.type;
    if (a.product != b.product) return a.product < b.product;
    return a.quantity < b.quantity;
  }
};
static_assert(sizeof(SessionEvent) == 16);

/// One session.
struct Session {
  uint32_t customer;     ///< catalog index
  uint64_t session_key;  ///< hash of session_id; 0 for a session cut by the inactivity gap
  TimestampUs start;
  TimestampUs end;  ///< time of the last event
  int64_t events;
  int64_t products_viewed;     ///< distinct products with a view_product event
  int64_t products_added;      ///< distinct products with an add_to_cart event
  int64_t products_purchased;  ///< distinct products with a purchase event
  int64_t units;               ///< units purchased
  Cents revenue;
  Cents abandoned_value;  ///< of an abandoned session: Σ products max(0, added − removed units) × price
  bool converted;         ///< has a purchase
  bool bounced;           ///< exactly one event
  bool abandoned;         ///< has an add_to_cart and no purchase

  /// Whole seconds from the first to the last event.
  int64_t duration_seconds() const { return (end - start) / kMicrosPerSecond; }
  bool operator==(const Session&) const = default;
};

/// Sessions that reached each step (had at least one event of that type).
struct SessionCounts {
  int64_t sessions = 0;
  int64_t viewed = 0;     ///< with a view_product
  int64_t added = 0;      ///< with an add_to_cart
  int64_t purchased = 0;  ///< with a purchase (converted)
  int64_t abandoned = 0;  ///< with an add_to_cart and no purchase
  Cents abandoned_value = 0;

  /// Abandoned sessions per session with an add_to_cart; 0 without carts.
  double abandonment_rate() const { return added == 0 ? 0.0 : double(abandoned) / double(added); }
  /// Adds another set of sessions' counts.
  void merge(const SessionCounts& other);
  bool operator==(const SessionCounts&) const = default;
};

/// A product left in abandoned carts.
struct AbandonedProduct {
  uint32_t product;      ///< catalog index
  int64_t sessions = 0;  ///< abandoned sessions that left it in the cart
  int64_t units = 0;     ///< units left (added − removed, per session, floor 0)
  Cents value = 0;       ///< units × catalog price
  bool operator==(const AbandonedProduct&) const = default;
};

/// A histogram bin [lower, upper).
struct DistributionBin {
  int64_t lower;
  int64_t upper;  ///< INT64_MAX for the open last bin
  int64_t sessions = 0;
  bool operator==(const DistributionBin&) const = default;
};

/// A histogram over ascending, contiguous bins plus exact count, sum, min and max.
struct Distribution {
  std::vector<DistributionBin> bins;
  int64_t count = 0;
  int64_t sum = 0;
  int64_t min = 0;
  int64_t max = 0;

  /// Mean value; 0 when empty.
  double mean() const { return count == 0 ? 0.0 : double(sum) / double(count); }
  bool operator==(const Distribution&) const = default;
};

/// Everything derived from sessions.
struct SessionReport {
  SessionCounts overall;
  std::vector<SessionCounts> by_category;  ///< index = category; a session counts where it touched a product
  std::vector<std::pair<DayNumber, SessionCounts>> by_day;  ///< by the UTC day a session starts
  Distribution duration_seconds;                            ///< bins 0, 1 s, 1, 5, 15, 30, 60, 120 min
  Distribution events;                               ///< bins 1, 2, 3, 4–5, 6–10, 11–20, 21–50, 51+
  std::vector<AbandonedProduct> abandoned_products;  ///< by sessions, units, value desc, then product id
  std::vector<Session> sessions;                     ///< at most the row limit, by customer, start, key
  int64_t sessions_left_out = 0;  ///< sessions beyond the row limit (still in every count above)
  bool operator==(const SessionReport&) const = default;
};

/// Adds the report of other sessions to `into`: what a report over both sets
/// of sessions would say, rows included (the first `max_rows` in walk order:
/// customer by customer, gap sessions by start before session_id sessions by
/// key, `into`'s gap sessions of a customer before `other`'s). Every count is
/// exact; the rows are when each report kept its first `max_rows`.
void add_session_report(SessionReport& into, const SessionReport& other, const Catalog& catalog,
                        size_t max_rows);

/// Writes a report as integers (a checkpoint keeps the sessions no later event changes).
void save_session_report(const SessionReport& report, StateWriter& out);
/// Reads back what save_session_report() wrote for the same catalog; false
/// when it does not fit the catalog.
bool restore_session_report(StateReader& in, const Catalog& catalog, SessionReport& report);

/// Folds sessions, one at a time, into a SessionReport. A builder is written
/// by one thread per session: what it updates lies on cache lines of its own
/// (the object itself and CacheLine containers), so builders on different
/// threads never slow each other down.
class alignas(kCacheLinePairBytes) SessionReportBuilder {
 public:
  /// Keeps at most `max_rows` Session rows (the first ones added).
  SessionReportBuilder(const Catalog& catalog, size_t max_rows);

  /// Sizes the row vector for about `sessions` sessions (at most max_rows),
  /// so it is allocated once instead of doubling past the peak it needs.
  void reserve_rows(size_t sessions);
  /// For builders of consecutive parts of one walk, merged in part order:
  /// this builder is part `part`, and `first_full` holds the lowest part
  /// whose own rows reached the limit (SIZE_MAX until one does). merge()
  /// drops the rows of every part after a full one, so once an earlier part
  /// is full this builder keeps no more rows and only counts its sessions.
  void share_row_limit(std::atomic<size_t>& first_full, size_t part);
  /// Adds one session; `events` are time-ordered and not empty.
  void add_session(uint32_t customer, uint64_t session_key, std::span<const SessionEvent> events);
  /// Moves out the Session rows kept so far; rows are kept again up to the
  /// limit (for a caller that describes sessions one at a time).
  std::vector<Session> take_rows() { return std::exchange(report_.sessions, {}); }
  /// Adds the sessions of `later`, which were walked after this builder's:
  /// the same as adding them here one by one.
  void merge(SessionReportBuilder&& later);
  /// The report; the builder is spent afterwards.
  SessionReport finish();

 private:
  static constexpr uint8_t kViewed = 1, kAdded = 2, kPurchased = 4, kTouched = 8;

  // Most sessions are one or two events of random types: the per-event work
  // is table lookups and arithmetic rather than branches the CPU mispredicts.
  struct TypeEffect {
    uint8_t step;      ///< funnel step bit
    int8_t cart_sign;  ///< +1 into the cart, -1 out of it
    int8_t purchased;  ///< 1: the quantity is bought
  };
  static TypeEffect type_effect(uint32_t type);

  /// A Distribution while sessions are counted into it: its bins are fixed,
  /// so a value's bin is found by comparisons the compiler unrolls.
  struct BinCounts {
    explicit BinCounts(const std::array<int64_t, 8>& bin_lowers) : lowers(&bin_lowers) {}
    const std::array<int64_t, 8>* lowers;  ///< lower bound of each bin, ascending
    std::array<int64_t, 8> sessions{};
    int64_t sum = 0;
    int64_t min = INT64_MAX;
    int64_t max = INT64_MIN;
    /// Counts `value` `times` times.
    void add(int64_t value, int64_t times = 1);
    void merge(const BinCounts& other);
    Distribution distribution() const;
  };
  static constexpr std::array<int64_t, 8> kDurationLowers = {0, 1, 60, 300, 900, 1800, 3600, 7200};
  static constexpr std::array<int64_t, 8> kEventLowers = {1, 2, 3, 4, 6, 11, 21, 51};

  /// add_session() of a single event.
  void add_bounce(uint32_t customer, uint64_t session_key, const SessionEvent& event);
  /// Counts a session, its funnel `steps` known, per day and as a row.
  void count_session(const Session& session, uint8_t steps);

  const Catalog* catalog_;
  size_t max_rows_;
  std::atomic<size_t>* first_full_part_ = nullptr;  ///< see share_row_limit()
  size_t part_ = 0;
  SessionReport report_;  ///< all but overall, by_category and by_day until finish()
  CacheLineVector<SessionCounts> by_category_;
  // The distributions of multi-event sessions; a bounce lasts 0 s and has one
  // event, so bounces are only counted and go into both at finish().
  BinCounts durations_{kDurationLowers};
  BinCounts event_counts_{kEventLowers};
  int64_t bounces_ = 0;
  // Every session counts in one day, so the overall counts are their sum (finish()).
  DayTable<SessionCounts, CacheLineAllocator<SessionCounts>> by_day_;
  CacheLineVector<AbandonedProduct> abandoned_;  ///< index = product
  // Scratch of the current session, reset product by product, not cleared.
  CacheLineVector<uint8_t> product_steps_;
  CacheLineVector<int64_t> product_net_units_;
  CacheLineVector<uint32_t> touched_products_;
  CacheLineVector<uint8_t> category_steps_;
  CacheLineVector<Cents> category_abandoned_value_;
  CacheLineVector<uint16_t> touched_categories_;
};

}  // namespace ecomflow
