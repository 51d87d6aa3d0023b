#pragma once
/// One fuzz input through the decoder of one format, then the contract: what
/// the pipeline does with a leaf file, without the walk.

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/decoder.hpp"
#include "validate/contract.hpp"

namespace ecomflow {

inline void decode_and_check(InputFormat format, const uint8_t* data, size_t size) {
  static RecordDecoder decoder;  // reused across inputs, as a worker thread reuses it
  static ContractChecker checker{ContractLimits{}};
  static std::vector<RawRecord> records;
  static std::string buffer;
  buffer.assign(reinterpret_cast<const char*>(data), size);
  buffer.append(kInputPadding, '\0');
  records.clear();
  const InputFile file{SourceLocation{"fuzz", "", -1}, format, std::string_view(buffer.data(), size)};
  const DecodeResult result = decoder.decode(file, records);
  if (result.file_malformed && !records.empty()) __builtin_trap();  // all of a file or none of it
  CheckedRecord checked;
  Rejection rejection;
  size_t raw_bytes = 0;
  for (const RawRecord& record : records) {
    checker.check(record, checked, rejection);
    raw_bytes += decoder.raw_text(record).size();
  }
  if (raw_bytes > size) __builtin_trap();  // raw texts are pieces of the file
}

}  // namespace ecomflow
