#pragma once
/// A traffic profile: how many events a day has, what they are, and which
/// JSON fields they are written with.

#include <memory>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "gen/generated_event.hpp"
#include "gen/generator_options.hpp"

namespace ecomflow {

/// A traffic profile. Built once per run, then used read-only by every
/// worker thread: each day draws from its own random streams.
class EventProfile {
 public:
  virtual ~EventProfile() = default;
  /// Number of events on day `day_index` (0 = the start date).
  virtual int64_t day_event_count(int day_index) const = 0;
  /// Replaces `events` with the events of day `day_index`, in file order.
  virtual void generate_day(int day_index, std::vector<GeneratedEvent>& events) const = 0;
  /// Fills `fields` with the JSON fields of `event`, written into the file of `file_day`.
  virtual void render(const GeneratedEvent& event, DayNumber file_day, RecordFields& fields) const = 0;
  /// One line about the run's special days for the summary, or empty.
  virtual std::string notes() const { return {}; }
};

/// The profile chosen in `options`, over `catalog` (which must outlive it).
std::unique_ptr<EventProfile> make_event_profile(const GeneratorOptions& options, const Catalog& catalog);

}  // namespace ecomflow
