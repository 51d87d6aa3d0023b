#pragma once
/// A flat binary form of the aggregate states, so a run can store what it
/// has summed and the next run can go on from there instead of summing the
/// whole history again. Integers only, little-endian as the machine writes
/// them: a checkpoint is read back by the same build on the same machine
/// family, and a format version guards the rest.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ecomflow {

/// Appends integers to a byte string.
class StateWriter {
 public:
  void put(int64_t value) { bytes_.append(reinterpret_cast<const char*>(&value), sizeof(value)); }
  /// A value in 1 to 10 bytes, small magnitudes of either sign in the fewest
  /// (zigzag LEB128): for long lists of mostly small numbers.
  void put_small(int64_t value) {
    uint64_t bits = (uint64_t(value) << 1) ^ uint64_t(value >> 63);
    for (; bits >= 0x80; bits >>= 7) bytes_.push_back(char(bits | 0x80));
    bytes_.push_back(char(bits));
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

/// Reads back what a StateWriter wrote; a read past the end fails (returns
/// false) and every later read fails too, so a caller checks once at the end.
class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : bytes_(bytes) {}
  bool get(int64_t& value) {
    if (!ok_ || bytes_.size() - at_ < sizeof(value)) {
      ok_ = false;
      return false;
    }
    std::memcpy(&value, bytes_.data() + at_, sizeof(value));
    at_ += sizeof(value);
    return true;
  }
  /// Reads what StateWriter::put_small() wrote.
  bool get_small(int64_t& value) {
    uint64_t bits = 0;
    for (int shift = 0; ok_ && shift < 64; shift += 7) {
      if (at_ == bytes_.size()) break;
      const uint8_t byte = uint8_t(bytes_[at_++]);
      bits |= uint64_t(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        value = int64_t(bits >> 1) ^ -int64_t(bits & 1);
        return true;
      }
    }
    ok_ = false;
    return false;
  }
  /// Reads a count that must equal `expected` (a size fixed by the catalog).
  bool expect(int64_t expected) {
    int64_t value = 0;
    if (get(value) && value == expected) return true;
    ok_ = false;
    return false;
  }
  /// Whether every read succeeded and nothing is left over.
  bool complete() const { return ok_ && at_ == bytes_.size(); }
  bool ok() const { return ok_; }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace ecomflow
