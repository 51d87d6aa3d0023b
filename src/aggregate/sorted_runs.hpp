#pragma once
/// Sorting data that is mostly sorted already: a customer's events are a few
/// time-ordered runs (one per worker that logged them), and session rows
/// are one time-ordered run per customer. Merging the runs pairwise costs
/// n·log(runs) moves where a full sort costs n·log(n) comparisons.

#include <algorithm>
#include <functional>
#include <span>
#include <utility>
#include <vector>

namespace ecomflow {

/// Sorts `items` by `less` (a strict weak order) and returns where the
/// sorted items are: `items` itself, or the front of `buffer` (reused
/// scratch) when the last merge pass wrote there, so that they are not
/// copied back. Runs are found first; up to `max_runs` of them are merged
/// pairwise, more than that are sorted outright in `items`.
template <typename Item, typename Buffer, typename Less = std::less<>>
[[nodiscard]] std::span<Item> sort_runs(std::span<Item> items, Buffer& buffer, size_t max_runs,
                                        Less less = Less()) {
  std::vector<size_t> starts{0};
  for (size_t i = 1; i < items.size(); ++i) {
    if (less(items[i], items[i - 1])) {
      starts.push_back(i);
      if (starts.size() > max_runs) {
        std::sort(items.begin(), items.end(), less);
        return items;
      }
    }
  }
  if (starts.size() == 1) return items;
  starts.push_back(items.size());
  // Bottom-up: each pass merges neighbouring runs into the other buffer.
  buffer.resize(items.size());
  std::span<Item> from = items;
  std::span<Item> to(buffer.data(), items.size());
  while (starts.size() > 2) {
    std::vector<size_t> merged;
    for (size_t run = 0; run + 1 < starts.size(); run += 2) {
      merged.push_back(starts[run]);
      const size_t middle = starts[run + 1];
      const size_t end = run + 2 < starts.size() ? starts[run + 2] : middle;
      std::merge(from.begin() + starts[run], from.begin() + middle, from.begin() + middle, from.begin() + end,
                 to.begin() + starts[run], less);
    }
    merged.push_back(items.size());
    std::swap(from, to);
    starts = std::move(merged);
  }
  return from;
}

}  // namespace ecomflow
