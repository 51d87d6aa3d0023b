#include "stream/stream_partition.hpp"

#include <algorithm>
#include <limits>

namespace ecomflow {
namespace {

/// Day tables of 16 slots: a partition holds a share of each day's events,
/// and 48 partitions of a year of data starting every day at the batch's
/// 32 KB cost hundreds of MB, nearly all of it empty slots.
Deduplicator::Options partition_dedupe(Deduplicator::Options options) {
  options.initial_slots = 16;
  return options;
}

}  // namespace

PartitionCounts& PartitionCounts::operator+=(const PartitionCounts& other) {
  consumed += other.consumed;
  valid += other.valid;
  quarantined += other.quarantined;
  duplicates += other.duplicates;
  late += other.late;
  return *this;
}

StreamPartition::StreamPartition(int32_t partition, const std::string& source_name, const Catalog& catalog,
                                 TimestampUs lateness, StoredPartition stored,
                                 const Deduplicator::Options& dedupe, int64_t session_gap_us)
    : partition_(partition),
      source_name_(source_name),
      catalog_(catalog),
      lateness_(lateness),
      stored_(std::move(stored)),
      deduplicator_(partition_dedupe(dedupe)),
      sessions_(catalog, session_gap_us),
      committed_offset_(stored_.next_offset),
      counts_(stored_.counts),
      products_(catalog.products().size()),
      product_changed_(catalog.products().size(), false) {
  // Rebuilding starts from the partition's first message.
  if (stored_.next_offset == 0 && stored_.watermark) watermark_ = stored_.watermark;
  // Sessions closed or changed by the messages before the stored offset are stored already.
  sessions_.set_rebuilding(stored_.next_offset > 0);
}

void StreamPartition::consume(int64_t offset, std::string_view payload, MessageChecker& checker) {
  // Offsets only grow; a message seen again (a seek back after an error) changes nothing.
  if (offset < next_offset_) return;
  consume_message(offset, payload, checker);
  // The end of the rebuild: the watermark is where the last commit left it
  // (idleness may have moved it past what the events alone give).
  if (offset + 1 == stored_.next_offset && stored_.watermark) advance_watermark(*stored_.watermark);
  if (!rebuilding()) sessions_.set_rebuilding(false);
}

void StreamPartition::consume_message(int64_t offset, std::string_view payload, MessageChecker& checker) {
  const bool replay = offset < stored_.next_offset;
  next_offset_ = offset + 1;
  const MessageVerdict verdict = checker.check(payload);
  if (!replay) ++counts_.consumed;
  if (!verdict.valid) {
    if (replay) return;
    ++counts_.quarantined;
    QuarantineRecord record{
        verdict.reason, std::string(verdict.detail), {source_name_, "", offset}, std::string(payload)};
    quarantined_.push_back(std::move(record));
    return;
  }
  const Event& event = verdict.event;
  if (!deduplicator_.first_time(day_of(event.time), event.fingerprint)) {
    if (!replay) ++counts_.duplicates;
    return;
  }
  // A replayed message repeats the decision stored for it; a new one is late
  // when the partition's watermark has passed it.
  const bool late =
      replay ? stored_.late_offsets.count(offset) > 0 : (watermark_.has_value() && event.time < *watermark_);
  if (late) {
    if (replay) return;
    ++counts_.late;
    late_.push_back({offset, event.time, *watermark_, std::string(payload)});
    return;
  }
  if (!replay) {
    ++counts_.valid;
    events_.push_back(event);
  }
  accept(event);
}

void StreamPartition::accept(const Event& event) {
  const Cents price = event.product == kNoProduct ? 0 : catalog_.products()[event.product].price;
  minutes_.add(event, price);
  hours_.add(event, price);
  sessions_.add(event);
  if (event.product != kNoProduct) {
    ProductMetrics& product = products_[event.product];
    switch (event.type) {
      case EventType::kViewProduct:
        ++product.views;
        break;
      case EventType::kAddToCart:
        ++product.cart_adds;
        break;
      case EventType::kRemoveFromCart:
        ++product.cart_removes;
        break;
      case EventType::kPurchase:
        ++product.purchases;
        product.units += event.quantity;
        product.revenue += price * event.quantity;
        break;
      case EventType::kPageView:
        break;
    }
    if (!product_changed_[event.product]) {
      product_changed_[event.product] = true;
      changed_products_.push_back(event.product);
    }
  }
  if (!max_event_time_ || event.time > *max_event_time_) {
    max_event_time_ = event.time;
    advance_watermark(event.time - lateness_);
  }
}

void StreamPartition::advance_watermark(TimestampUs watermark) {
  if (watermark_ && watermark <= *watermark_) return;
  watermark_ = watermark;
  minutes_.close_until(watermark);
  hours_.close_until(watermark);
  sessions_.close_until(watermark);
}

void StreamPartition::close_all_windows() {
  minutes_.close_until(std::numeric_limits<TimestampUs>::max());
  hours_.close_until(std::numeric_limits<TimestampUs>::max());
  sessions_.close_all();
}

bool StreamPartition::has_changes() const {
  if (next_offset_ > committed_offset_) return true;
  return !changed_products_.empty() || sessions_.has_changes() || minutes_.has_changes() ||
         hours_.has_changes();
}

namespace {

/// Moves `from`'s elements to the end of `to`, leaving `from` empty.
template <typename T>
void move_all(std::vector<T>& from, std::vector<T>& to) {
  if (to.empty()) {
    to.swap(from);
  } else {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
  from.clear();
}

}  // namespace

void StreamPartition::collect_changes(PartitionChanges& out) {
  move_all(events_, out.events);
  move_all(quarantined_, out.quarantined);
  move_all(late_, out.late);
  minutes_.collect_changes(out.windows);
  hours_.collect_changes(out.windows);
  for (uint32_t product : changed_products_) out.products.push_back({product, products_[product]});
  sessions_.collect_changes(out.sessions, out.sessions_removed);
}

void StreamPartition::mark_committed() {
  events_.clear();
  quarantined_.clear();
  late_.clear();
  minutes_.mark_committed();
  hours_.mark_committed();
  sessions_.mark_committed();
  for (uint32_t product : changed_products_) product_changed_[product] = false;
  changed_products_.clear();
  committed_offset_ = std::max(committed_offset_, next_offset_);
}

}  // namespace ecomflow
