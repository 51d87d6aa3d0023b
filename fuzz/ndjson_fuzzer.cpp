// libFuzzer target: a ndjson leaf file through the decoder and the contract.
#include "decoder_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ecomflow::decode_and_check(ecomflow::InputFormat::kNdjson, data, size);
  return 0;
}
