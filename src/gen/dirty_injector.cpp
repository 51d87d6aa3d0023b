#include "gen/dirty_injector.hpp"

#include <numeric>

#include "core/error.hpp"

namespace ecomflow {
namespace {

constexpr int kKindCount = kRecordReasonCount + 1;  // the reasons, then a duplicate
constexpr int kScratchSlot = RecordFields::kScratchSlots - 1;

// Each bad value is wrong in exactly one way, so the record has one reason only.
constexpr std::array<std::string_view, 3> kNotObjects = {"\"corrupted record\"", "12345",
                                                         "[\"c001\", \"purchase\"]"};
constexpr std::array<std::string_view, 4> kBadTimestamps = {"yesterday", "2023-02-30T10:00:00",
                                                            "2023-10-23T25:00:00", "23/10/2023 10:00"};
constexpr std::array<std::string_view, 3> kUnknownTypes = {"checkout", "VIEW_PRODUCT", "wishlist_add"};
// Unquoted JSON: zero, negative, a string and a fraction are all bad purchase quantities.
constexpr std::array<std::string_view, 4> kBadQuantities = {"0", "-1", "\"2\"", "1.5"};

}  // namespace

void DirtyCounts::merge(const DirtyCounts& other) {
  for (int i = 0; i < kRecordReasonCount; ++i) by_reason[i] += other.by_reason[i];
  duplicates += other.duplicates;
}

int64_t DirtyCounts::quarantined() const {
  return std::accumulate(by_reason.begin(), by_reason.end(), int64_t(0));
}

DirtyInjector::DirtyInjector(double rate, uint64_t seed, int week_index, const Catalog& catalog)
    : rate_(rate),
      random_(seed, kDirtyStream, uint64_t(week_index)),
      catalog_(catalog),
      turn_(week_index * 3 % kKindCount) {}

DirtyChoice DirtyInjector::next_choice(bool duplicate_possible) {
  int kind = turn_;
  if (kind == kRecordReasonCount && !duplicate_possible) kind = 0;
  turn_ = (kind + 1) % kKindCount;
  if (kind == kRecordReasonCount) return {true, QuarantineReason::kNotAnObject};
  return {false, QuarantineReason(kind)};
}

std::string_view DirtyInjector::unknown_id(char prefix, int start, bool customer, char* out) {
  for (int number = start;; ++number) {
    out[0] = prefix;
    const std::string_view id(out, 1 + format_decimal(number, 3, out + 1));
    if (!(customer ? catalog_.find_customer(id) : catalog_.find_product(id))) return id;
  }
}

void DirtyInjector::spoil(QuarantineReason reason, RecordFields& fields) {
  const int index = int(reason);
  ECOMFLOW_CHECK_LT(index, kRecordReasonCount);
  const int64_t variant = variants_[size_t(index)]++;
  char* scratch = fields.scratch(kScratchSlot);
  const bool has_product = fields.find("product_id") != nullptr;
  switch (reason) {
    case QuarantineReason::kNotAnObject:
      fields.set_element(kNotObjects[size_t(variant) % kNotObjects.size()]);
      break;
    case QuarantineReason::kBadTimestamp:
      fields.find("timestamp")->value = kBadTimestamps[size_t(variant) % kBadTimestamps.size()];
      break;
    case QuarantineReason::kMissingField:
      fields.remove(has_product && variant % 2 == 1 ? "product_id" : "customer_id");
      break;
    case QuarantineReason::kUnknownEventType:
      fields.find("event_type")->value = kUnknownTypes[size_t(variant) % kUnknownTypes.size()];
      break;
    case QuarantineReason::kUnknownCustomer:
      fields.find("customer_id")->value =
          unknown_id('c', int(catalog_.customers().size()) + 1 + int(variant % 50), true, scratch);
      break;
    case QuarantineReason::kUnknownProduct: {
      const std::string_view id =
          unknown_id('p', int(catalog_.products().size()) + 1 + int(variant % 50), false, scratch);
      if (has_product) {
        fields.find("product_id")->value = id;
      } else {  // a page view: make it a product view of a product that does not exist
        fields.find("event_type")->value = "view_product";
        fields.insert_after("event_type", {"product_id", id, true});
      }
      break;
    }
    case QuarantineReason::kBadQuantity:
      fields.find("event_type")->value = "purchase";
      if (!has_product)
        fields.insert_after("event_type", {"product_id", catalog_.products().front().id, true});
      if (JsonField* quantity = fields.find("quantity"))
        *quantity = {"quantity", kBadQuantities[size_t(variant) % kBadQuantities.size()], false};
      else
        fields.insert_after("product_id",
                            {"quantity", kBadQuantities[size_t(variant) % kBadQuantities.size()], false});
      break;
    default:
      ECOMFLOW_CHECK(false);
  }
  ++counts_.by_reason[size_t(index)];
}

}  // namespace ecomflow
