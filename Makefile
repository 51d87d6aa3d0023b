# The commands people type. Everything real lives in CMake and scripts/.
.PHONY: all deps build debug asan run test test-quick bench format tidy clean

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

bench: build
	@scripts/install-deps.sh --bench
	@bench/run.sh

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: build
	@find src -name '*.cpp' | xargs clang-tidy -p build --quiet

clean:
	rm -rf build build-debug build-asan

.PHONY: live
# The shop live: kafka-mock, produce --generate, stream and serve (scripts/live.sh).
live: build
	@scripts/live.sh
