# The commands people type. Everything real lives in CMake and scripts/.
.PHONY: all deps build debug asan run test test-quick test-sanitize fuzz bench format tidy clean install package

JOBS ?= $(shell nproc)

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build build -j $(JOBS)

debug: deps
	@cmake --preset debug >/dev/null
	@cmake --build build-debug -j $(JOBS)

asan: deps
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build build-asan -j $(JOBS)

run: build
	@scripts/demo.sh

test: build
	@scripts/with-servers.sh ctest --test-dir build --output-on-failure -j $(JOBS)

# Unit tests only: no servers, no end-to-end cases.
test-quick: build
	@ctest --test-dir build --output-on-failure -j $(JOBS) -LE 'e2e|slow'

# The unit and end-to-end tests on the ASan + UBSan build (about 3x slower
# than `make test`; not part of it). Leak checks are off: the long-lived
# caches of spdlog and libpq are not leaks of a run.
test-sanitize: asan
	@ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  scripts/with-servers.sh ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# libFuzzer on the decoders, the zip walker, the piece reader, timestamps,
# settings and serve's request parsing, each for FUZZ_SECONDS (default 60);
# crashes land in build-fuzz/findings/.
FUZZ_SECONDS ?= 60
fuzz: build
	@scripts/install-deps.sh --fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	@fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/install-deps.sh --bench
	@bench/run.sh

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: build
	@find src -name '*.cpp' | xargs clang-tidy -p build --quiet

# make install [PREFIX=/usr/local] [DESTDIR=/staging]: binary, man page,
# completion, systemd units, docs (docs/operations.md lists them).
PREFIX ?= /usr/local
install: build
	@DESTDIR="$(DESTDIR)" cmake --install build --prefix "$(PREFIX)"

# build/package/ecomflow_<version>_amd64.deb, for `apt install ./...deb`.
package: build
	@cpack --config build/CPackConfig.cmake -B build/package >/dev/null
	@ls build/package/*.deb

clean:
	rm -rf build build-debug build-asan build-fuzz

.PHONY: live
# The shop live: kafka-mock, produce --generate, stream and serve (scripts/live.sh).
live: build
	@scripts/live.sh
