#pragma once
/// What `ecomflow generate` was asked to produce.

#include <cstdint>
#include <filesystem>

#include "core/time.hpp"

namespace ecomflow {

/// The shape of the generated traffic.
enum class Profile : uint8_t {
  kSeed001,      ///< seed 001's events exactly: four fields, naive timestamps
  kClickstream,  ///< sessions, page views, a funnel, segments, rhythm, a Cyberday
  kOrders,       ///< seed 002's order exports: orders and order items as CSV, one pair per day
};

/// How the days are written.
enum class OutputFormat : uint8_t {
  kZip,     ///< `events_week_*.zip` → `events_<date>.zip` → `part-NNN.json`
  kNdjson,  ///< one `events_<date>.ndjson` per day
};

/// Everything the event generator needs besides the catalog.
struct GeneratorOptions {
  int weeks = 1;
  DayNumber start_date = days_from_civil(2023, 10, 23);
  int parts_per_day = 5;
  int events_per_part = 100;
  std::filesystem::path out = "data";
  uint64_t seed = 42;
  Profile profile = Profile::kSeed001;
  OutputFormat format = OutputFormat::kZip;
  bool compact = false;       ///< JSON without indentation
  double dirty_rate = 0;      ///< 0..1: share of records replaced by bad ones
  bool force = false;         ///< overwrite existing output files
  int threads = 1;            ///< weeks built in parallel
  int compression_level = 1;  ///< libdeflate level of the part files (1 = fastest)
  int orders_per_day = 100;   ///< orders profile: orders of a weekday (weekends have 30% more)

  int day_count() const { return weeks * 7; }
};

}  // namespace ecomflow
