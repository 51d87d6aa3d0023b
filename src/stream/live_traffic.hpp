#pragma once
/// Live shop traffic for `produce --generate`: the clickstream profile's
/// sessions and funnel, re-stamped with the current time, one JSON message
/// at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/time.hpp"
#include "gen/clickstream_profile.hpp"

namespace ecomflow {

/// An endless source of clickstream events. Event and session ids carry the
/// moment the source started, so two runs never repeat an id.
class LiveTraffic {
 public:
  /// `catalog` must outlive the source.
  LiveTraffic(const Catalog& catalog, uint64_t seed);

  /// Writes the next event, stamped `now`, into `json`, and its customer_id into `key`.
  void next(TimestampUs now, std::string& json, std::string& key);

 private:
  GeneratorOptions options_;
  std::unique_ptr<ClickstreamProfile> profile_;
  const Catalog& catalog_;
  std::string run_tag_;
  std::vector<GeneratedEvent> day_;
  size_t position_ = 0;
  int day_index_ = 0;
  int64_t sequence_ = 0;
  RecordFields fields_;
  std::string event_id_;
  std::string session_id_;
};

}  // namespace ecomflow
