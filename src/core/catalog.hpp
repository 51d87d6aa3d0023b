#pragma once
/// The product and customer catalog (seed 001's `products` and `customers`),
/// indexed for constant-time lookup by id.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/hash.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace ecomflow {

/// One row of `customers`.
struct Customer {
  std::string id;  ///< `c001`
  DayNumber join_date;
  std::string segment;     ///< `VIP`, `New`, `Regular`, `Lapsed`, or any other name
  uint16_t segment_index;  ///< dense index into Catalog::segments()
};

/// One row of `products`.
struct Product {
  std::string id;  ///< `p001`
  std::string name;
  std::string category;
  Cents price;
  int64_t stock;
  uint16_t category_index;  ///< dense index into Catalog::categories()
};

/// Customers and products with id → index maps. Built once, then read-only
/// and shared by all worker threads.
class Catalog {
 public:
  /// Adds a customer; returns false when the id is already present.
  bool add_customer(std::string id, DayNumber join_date, std::string segment);
  /// Adds a product; returns false when the id is already present.
  bool add_product(std::string id, std::string name, std::string category, Cents price, int64_t stock);

  /// Index of the customer with `id`, if any.
  std::optional<uint32_t> find_customer(std::string_view id) const {
    return as_optional(customer_index_.find(customers_, id));
  }
  /// Index of the product with `id`, if any.
  std::optional<uint32_t> find_product(std::string_view id) const {
    return as_optional(product_index_.find(products_, id));
  }

  const std::vector<Customer>& customers() const { return customers_; }
  const std::vector<Product>& products() const { return products_; }
  /// Distinct segment names, in first-seen order.
  const std::vector<std::string>& segments() const { return segments_; }
  /// Distinct category names, in first-seen order.
  const std::vector<std::string>& categories() const { return categories_; }

  bool empty() const { return customers_.empty() && products_.empty(); }

 private:
  /// Id → index, open addressing over a power-of-two table of slots holding
  /// an id's key, length and index + 1 (0 = empty). Looked up twice per
  /// event, so it avoids the node chasing of std::unordered_map, and a probe
  /// reads one slot, not the catalog row.
  class IndexMap {
   public:
    /// Inserts `id` → `index`; false when `id` is already present.
    template <typename Row>
    bool insert(const std::vector<Row>& rows, std::string_view id, uint32_t index);
    /// The index of `id`, or kNotFound. A plain integer: an optional
    /// returned through memory stalled every lookup on store forwarding.
    template <typename Row>
    uint32_t find(const std::vector<Row>& rows, std::string_view id) const;

   private:
    /// An id of up to 8 bytes (`c001`, `p050`) packed with its length: the
    /// length shares bits with the eighth byte, so a slot also keeps the
    /// length, and equal keys and lengths mean equal ids; such lookups never
    /// compare strings. A longer id is hashed whole, so ids sharing a long
    /// prefix (`customer-0001`) still spread over the table.
    static uint64_t short_key(std::string_view id) {
      // Fixed-size loads (two overlapping ones for 3-7 bytes) instead of a
      // byte loop: this runs twice per event.
      const auto* bytes = reinterpret_cast<const unsigned char*>(id.data());
      const size_t size = id.size();
      if (size > 8) return hash_bytes(id, 0xca7a);
      uint64_t key = 0;
      if (size == 8) {
        std::memcpy(&key, bytes, 8);
      } else if (size >= 4) {
        uint32_t low, high;
        std::memcpy(&low, bytes, 4);
        std::memcpy(&high, bytes + size - 4, 4);
        key = uint64_t(low) | uint64_t(high) << (8 * (size - 4));
      } else if (size > 0) {
        key = uint64_t(bytes[0]) | uint64_t(bytes[size / 2]) << (8 * (size / 2)) |
              uint64_t(bytes[size - 1]) << (8 * (size - 1));
      }
      return key ^ (uint64_t(size) << 59);
    }
    /// Fibonacci hashing: one multiply, the top bits pick the slot.
    size_t slot_of(uint64_t key) const { return size_t((key * 0x9e3779b97f4a7c15ULL) >> shift_); }

    struct Slot {
      uint64_t key = 0;             ///< short_key of the id
      uint32_t size = 0;            ///< the id's length, capped at UINT32_MAX (longer ids are compared whole)
      uint32_t index_plus_one = 0;  ///< 0: empty slot
    };
    static uint32_t capped_size(std::string_view id) {
      return id.size() < UINT32_MAX ? uint32_t(id.size()) : UINT32_MAX;
    }

    std::vector<Slot> slots_ = std::vector<Slot>(16);
    int shift_ = 60;  ///< 64 - log2(slots_.size())
    size_t used_ = 0;
  };

  static constexpr uint32_t kNotFound = UINT32_MAX;
  static std::optional<uint32_t> as_optional(uint32_t index) {
    return index == kNotFound ? std::nullopt : std::optional<uint32_t>(index);
  }
  static uint16_t intern(std::vector<std::string>& names, const std::string& name);

  std::vector<Customer> customers_;
  std::vector<Product> products_;
  std::vector<std::string> segments_;
  std::vector<std::string> categories_;
  IndexMap customer_index_;
  IndexMap product_index_;
};

template <typename Row>
bool Catalog::IndexMap::insert(const std::vector<Row>& rows, std::string_view id, uint32_t index) {
  if (find(rows, id) != kNotFound) return false;
  if ((used_ + 1) * 2 > slots_.size()) {
    const std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.size() * 2));
    --shift_;
    const size_t mask = slots_.size() - 1;
    for (const Slot& entry : old) {
      if (entry.index_plus_one == 0) continue;
      size_t slot = slot_of(entry.key);
      while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask;
      slots_[slot] = entry;
    }
  }
  const size_t mask = slots_.size() - 1;
  const uint64_t key = short_key(id);
  size_t slot = slot_of(key);
  while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask;
  slots_[slot] = {key, capped_size(id), index + 1};
  ++used_;
  return true;
}

template <typename Row>
uint32_t Catalog::IndexMap::find(const std::vector<Row>& rows, std::string_view id) const {
  const size_t mask = slots_.size() - 1;
  const uint64_t key = short_key(id);
  const uint32_t size = capped_size(id);
  for (size_t slot = slot_of(key); slots_[slot].index_plus_one != 0; slot = (slot + 1) & mask) {
    const Slot& entry = slots_[slot];
    if (entry.key != key || entry.size != size) continue;
    const uint32_t index = entry.index_plus_one - 1;
    if (id.size() <= 8 || rows[index].id == id) return index;
  }
  return kNotFound;
}

}  // namespace ecomflow
