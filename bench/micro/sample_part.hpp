#pragma once
/// A part file like seed 001's, made in memory for the micro-benchmarks:
/// a 2-space-indented JSON array of events with the seed's event mix.

#include <cstdint>
#include <string>
#include <vector>

namespace ecomflow::bench {

/// The JSON text of a part file with `events` events (deterministic).
std::string make_sample_part(int events);

/// `text` raw-deflated at libdeflate level 6, as a zip member would be.
std::vector<uint8_t> deflate_sample(const std::string& text);

}  // namespace ecomflow::bench
