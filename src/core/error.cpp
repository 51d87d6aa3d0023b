#include "core/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace ecomflow {

void check_failed(const char* file, int line, const std::string& message) {
  std::fprintf(stderr, "internal error at %s:%d: %s\n", file, line, message.c_str());
  std::abort();
}

}  // namespace ecomflow
