#include "gen/event_profile.hpp"

#include "gen/clickstream_profile.hpp"
#include "gen/seed001_profile.hpp"

namespace ecomflow {

std::unique_ptr<EventProfile> make_event_profile(const GeneratorOptions& options, const Catalog& catalog) {
  if (options.profile == Profile::kClickstream) return std::make_unique<ClickstreamProfile>(options, catalog);
  return std::make_unique<Seed001Profile>(options, catalog);
}

}  // namespace ecomflow
