#include "sample_part.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <random>

namespace ecomflow::bench {

std::string make_sample_part(int events) {
  std::mt19937 random(42);
  std::string text = "[\n";
  int seconds = 0;
  for (int i = 0; i < events; ++i) {
    seconds += 1 + static_cast<int>(random() % 60);
    int roll = static_cast<int>(random() % 100);
    const char* type = roll < 70 ? "view_product" : roll < 95 ? "add_to_cart" : "purchase";
    text += fmt::format(
        "  {{\n    \"timestamp\": \"2023-10-23T{:02}:{:02}:{:02}\",\n    \"customer_id\": \"c{:03}\",\n"
        "    \"event_type\": \"{}\",\n    \"product_id\": \"p{:03}\"",
        seconds / 3600 % 24, seconds / 60 % 60, seconds % 60, 1 + random() % 100, type, 1 + random() % 50);
    if (roll >= 95) text += fmt::format(",\n    \"quantity\": {}", 1 + random() % 3);
    text += i + 1 < events ? "\n  },\n" : "\n  }\n";
  }
  text += "]";
  return text;
}

std::vector<uint8_t> deflate_sample(const std::string& text) {
  auto* compressor = libdeflate_alloc_compressor(6);
  std::vector<uint8_t> out(libdeflate_deflate_compress_bound(compressor, text.size()));
  out.resize(libdeflate_deflate_compress(compressor, text.data(), text.size(), out.data(), out.size()));
  libdeflate_free_compressor(compressor);
  return out;
}

}  // namespace ecomflow::bench
