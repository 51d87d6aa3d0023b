#include "stream/live_traffic.hpp"

#include <fmt/format.h>

#include "gen/record_writer.hpp"

namespace ecomflow {

LiveTraffic::LiveTraffic(const Catalog& catalog, uint64_t seed) : catalog_(catalog) {
  options_.profile = Profile::kClickstream;
  options_.seed = seed;
  options_.start_date = day_of(now_utc());
  profile_ = std::make_unique<ClickstreamProfile>(options_, catalog);
  run_tag_ = fmt::format("{:x}", now_utc());
}

void LiveTraffic::next(TimestampUs now, std::string& json, std::string& key) {
  while (position_ == day_.size()) {
    // The days of one generated week, over and over.
    profile_->generate_day(day_index_, day_);
    day_index_ = (day_index_ + 1) % options_.day_count();
    position_ = 0;
  }
  GeneratedEvent event = day_[position_++];
  event.time = now / kMicrosPerSecond;
  profile_->render(event, day_of(now), fields_);
  event_id_ = fmt::format("e{}-{}", run_tag_, sequence_++);
  session_id_ = fmt::format("s{}-{}-{}", run_tag_, day_index_, event.session);
  fields_.find("event_id")->value = event_id_;
  fields_.find("session_id")->value = session_id_;
  key = catalog_.customers()[event.customer].id;
  json.clear();
  RecordWriter(RecordLayout::kNdjson).write(json, fields_);
  json.pop_back();  // a message is one object, without the line's newline
}

}  // namespace ecomflow
