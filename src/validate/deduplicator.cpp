#include "validate/deduplicator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <utility>

#include "core/hash.hpp"

namespace ecomflow {

uint64_t event_fingerprint(const Event& event, std::string_view event_id) {
  if (!event_id.empty()) return hash_bytes(event_id, 0x1d);
  uint64_t hash =
      mix64(uint64_t(event.time) ^ (uint64_t(event.type) << 56) ^ (uint64_t(uint32_t(event.quantity)) << 24));
  hash = mix64(hash ^ (uint64_t(event.customer) << 32 | event.product));
  return mix64(hash ^ event.session_key);
}

namespace {

/// `count` fingerprints stored from byte `offset` of the spill file.
struct SpillExtent {
  uint64_t offset = 0;
  uint64_t count = 0;
};

constexpr size_t kTransferChunk = 8192;  ///< fingerprints per spill file read or write

/// One day's fingerprints: open addressing with linear probing, at most 70%
/// full; 0 marks an empty slot, so the fingerprint 0 is stored as 1. Sizes
/// are powers of two, so a spilled day's slots are reused by the next days'
/// tables. (Mapping each table instead costs a TLB shootdown per unmap,
/// measurably slower when nothing spills.)
class DayTable {
 public:
  DayTable() = default;
  explicit DayTable(size_t capacity) : slots_(allocate_slots(capacity)), capacity_(capacity) {}
  ~DayTable() { free_slots(); }
  DayTable(DayTable&& other) noexcept
      : slots_(std::exchange(other.slots_, nullptr)),
        capacity_(std::exchange(other.capacity_, 0)),
        used_(std::exchange(other.used_, 0)) {}
  DayTable& operator=(DayTable&& other) noexcept {
    if (this != &other) {
      free_slots();
      slots_ = std::exchange(other.slots_, nullptr);
      capacity_ = std::exchange(other.capacity_, 0);
      used_ = std::exchange(other.used_, 0);
    }
    return *this;
  }

  /// The smallest capacity from `initial` on that holds `count` fingerprints and one more.
  static size_t capacity_for(size_t count, size_t initial) {
    size_t capacity = initial;
    while ((count + 1) * 10 > capacity * 7) capacity *= 2;
    return capacity;
  }

  /// True if `fingerprint` was not in the table (it is now).
  bool insert(uint64_t fingerprint) {
    if (fingerprint == 0) fingerprint = 1;
    if ((used_ + 1) * 10 > capacity_ * 7) grow();
    const size_t mask = capacity_ - 1;
    for (size_t slot = fingerprint & mask;; slot = (slot + 1) & mask) {
      if (slots_[slot] == fingerprint) return false;
      if (slots_[slot] == 0) {
        slots_[slot] = fingerprint;
        ++used_;
        return true;
      }
    }
  }

  /// Calls `chunk(span)` with every stored fingerprint, a chunk of `buffer` at a time.
  template <typename Chunk>
  void for_each_chunk(std::vector<uint64_t>& buffer, Chunk&& chunk) const {
    buffer.resize(kTransferChunk);
    size_t count = 0;
    for (size_t slot = 0; slot < capacity_; ++slot) {
      // Without a branch: empty and full slots alternate at random.
      buffer[count] = slots_[slot];
      count += slots_[slot] != 0;
      if (count == kTransferChunk) {
        chunk(std::span<const uint64_t>(buffer.data(), count));
        count = 0;
      }
    }
    if (count > 0) chunk(std::span<const uint64_t>(buffer.data(), count));
  }

  size_t size() const { return used_; }
  size_t bytes() const { return capacity_ * sizeof(uint64_t); }

 private:
  static uint64_t* allocate_slots(size_t capacity) {
    // Zeroed by a write, not calloc (which GCC would also make of malloc +
    // memset): fresh pages read first by a probe map the zero page, and the
    // first insert then takes a copy-on-write fault whose TLB flush
    // interrupts every other worker.
    auto* slots = new uint64_t[capacity];
    std::memset(slots, 0, capacity * sizeof(uint64_t));
    return slots;
  }
  void free_slots() { delete[] slots_; }
  void grow() {
    DayTable bigger(capacity_ * 2);
    const size_t mask = bigger.capacity_ - 1;
    for (size_t i = 0; i < capacity_; ++i) {
      const uint64_t value = slots_[i];
      if (value == 0) continue;
      size_t slot = value & mask;
      while (bigger.slots_[slot] != 0) slot = (slot + 1) & mask;
      bigger.slots_[slot] = value;
    }
    bigger.used_ = used_;
    *this = std::move(bigger);
  }

  uint64_t* slots_ = nullptr;
  size_t capacity_ = 0;
  size_t used_ = 0;
};

}  // namespace

/// One event day. Its table is touched only while pinned, under `mutex`;
/// the other fields belong to the Deduplicator's mutex.
struct Deduplicator::Shard {
  std::mutex mutex;
  DayTable table;
  int pins = 0;             ///< threads working on the day: never spilled while > 0
  Shard* colder = nullptr;  ///< neighbours in the idle list (in memory, no pins)
  Shard* warmer = nullptr;
  size_t counted_bytes = 0;            ///< its table in table_bytes_; 0 = not in memory
  std::optional<SpillExtent> spilled;  ///< its latest copy in the spill file
};

Deduplicator::Deduplicator() : Deduplicator(Options{}) {}

namespace {

/// `options` with a table size the probing can use: a power of two, at least 2.
Deduplicator::Options with_usable_slots(Deduplicator::Options options) {
  options.initial_slots = std::bit_ceil(std::max<size_t>(options.initial_slots, 2));
  return options;
}

}  // namespace

Deduplicator::Deduplicator(Options options)
    : options_(with_usable_slots(std::move(options))),
      spill_file_(
          options_.spill_directory, "dedupe",
          fmt::format("point TMPDIR at a writable directory with free space, or raise --dedupe-memory "
                      "(now {} MB; 0 keeps the whole index in memory)",
                      (options_.memory_budget + (1 << 20) - 1) >> 20)) {}

Deduplicator::~Deduplicator() = default;

Deduplicator::Shard& Deduplicator::pin(DayNumber day) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<Shard>& slot = shards_[day];
  if (!slot) slot = std::make_unique<Shard>();
  Shard& shard = *slot;
  if (shard.counted_bytes == 0) {
    load(shard);
  } else if (shard.pins == 0) {
    leave_idle_list(shard);
  }
  ++shard.pins;
  try {
    evict_over_budget();
  } catch (...) {
    if (--shard.pins == 0) join_idle_list(shard);
    throw;
  }
  return shard;
}

void Deduplicator::unpin(Shard& shard, size_t table_bytes) {
  std::lock_guard lock(mutex_);
  if (--shard.pins == 0) join_idle_list(shard);
  count_table_bytes(shard, table_bytes);
  evict_over_budget();
}

void Deduplicator::join_idle_list(Shard& shard) {
  shard.colder = warmest_idle_;
  shard.warmer = nullptr;
  (warmest_idle_ != nullptr ? warmest_idle_->warmer : coldest_idle_) = &shard;
  warmest_idle_ = &shard;
}

void Deduplicator::leave_idle_list(Shard& shard) {
  (shard.colder != nullptr ? shard.colder->warmer : coldest_idle_) = shard.warmer;
  (shard.warmer != nullptr ? shard.warmer->colder : warmest_idle_) = shard.colder;
  shard.colder = shard.warmer = nullptr;
}

void Deduplicator::count_table_bytes(Shard& shard, size_t table_bytes) {
  // Tables only grow; a pin that saw an older size must not shrink the count.
  if (table_bytes <= shard.counted_bytes) return;
  table_bytes_ += table_bytes - shard.counted_bytes;
  shard.counted_bytes = table_bytes;
  stats_.peak_table_bytes = std::max(stats_.peak_table_bytes, table_bytes_);
}

void Deduplicator::evict_over_budget() {
  if (options_.memory_budget == 0) return;
  // With an empty idle list every day in memory is being worked on: over budget until one is done.
  while (table_bytes_ > options_.memory_budget && coldest_idle_ != nullptr) {
    Shard& coldest = *coldest_idle_;
    spill(coldest);  // on failure it stays in memory, and idle
    leave_idle_list(coldest);
  }
}

void Deduplicator::spill(Shard& shard) {
  // Unpinned, so no thread holds or will take its mutex until the next pin(), which needs ours.
  const size_t count = shard.table.size();
  if (!shard.spilled || shard.spilled->count != count) {  // else the copy on disk is current
    const SpillExtent extent{spill_file_.bytes_written(), count};
    shard.table.for_each_chunk(transfer_,
                               [this](std::span<const uint64_t> chunk) { spill_file_.append_items(chunk); });
    if (shard.spilled) spill_file_.discard(shard.spilled->offset, shard.spilled->count * sizeof(uint64_t));
    shard.spilled = extent;
    stats_.spill_bytes = spill_file_.bytes_written();
  }
  shard.table = DayTable();
  table_bytes_ -= shard.counted_bytes;
  shard.counted_bytes = 0;
  ++stats_.days_spilled;
}

void Deduplicator::load(Shard& shard) {
  const uint64_t count = shard.spilled ? shard.spilled->count : 0;
  DayTable table(DayTable::capacity_for(count, options_.initial_slots));
  transfer_.resize(kTransferChunk);
  for (uint64_t done = 0; done < count;) {
    const size_t chunk = size_t(std::min<uint64_t>(kTransferChunk, count - done));
    spill_file_.read_items(shard.spilled->offset + done * sizeof(uint64_t),
                           std::span<uint64_t>(transfer_.data(), chunk));
    for (size_t i = 0; i < chunk; ++i) table.insert(transfer_[i]);
    done += chunk;
  }
  if (shard.spilled) ++stats_.days_reloaded;
  shard.table = std::move(table);
  count_table_bytes(shard, shard.table.bytes());
}

bool Deduplicator::first_time(DayNumber day, uint64_t fingerprint) {
  Shard& shard = pin(day);
  bool first;
  size_t table_bytes;
  {
    std::lock_guard lock(shard.mutex);
    first = shard.table.insert(fingerprint);
    table_bytes = shard.table.bytes();
  }
  unpin(shard, table_bytes);
  return first;
}

void Deduplicator::keep_first_occurrences(std::vector<Event>& events) {
  size_t kept = 0;
  size_t run = 0;
  while (run < events.size()) {
    const DayNumber day = day_of(events[run].time);
    Shard& shard = pin(day);
    size_t next = run;
    size_t table_bytes;
    {
      std::lock_guard lock(shard.mutex);
      for (; next < events.size() && day_of(events[next].time) == day; ++next) {
        if (shard.table.insert(events[next].fingerprint)) events[kept++] = events[next];
      }
      table_bytes = shard.table.bytes();
    }
    unpin(shard, table_bytes);
    run = next;
  }
  events.resize(kept);
}

size_t Deduplicator::size() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (const auto& [day, shard] : shards_) {
    if (shard->counted_bytes == 0) {
      total += shard->spilled ? size_t(shard->spilled->count) : 0;
    } else {
      std::lock_guard shard_lock(shard->mutex);
      total += shard->table.size();
    }
  }
  return total;
}

Deduplicator::Stats Deduplicator::stats() const {
  Stats stats;
  {
    std::lock_guard lock(mutex_);
    stats = stats_;
    stats.days = shards_.size();
  }
  stats.distinct_events = size();
  return stats;
}

}  // namespace ecomflow
