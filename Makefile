# sijang — build, demo and test.
GO        ?= go
# duckdb-go's Arrow API needs this build tag; every target uses it.
export GOFLAGS := $(GOFLAGS) -tags=duckdb_arrow
BIN       := bin/sijang
DEMO_DIR  ?= sijang-demo
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
FUZZTIME  ?= 30s
BENCHTIME ?= 1x
SIZE      ?= S
BENCH     ?= .
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/sijang-bench
SHELL     := /bin/bash

.PHONY: build demo test bench fuzz lint update-golden clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/sijang

demo: build
	./$(BIN) demo --dir $(DEMO_DIR)

test:
	$(GO) vet ./...
	$(GO) test ./...

# Benchmarks at SIZE: S (the default demo, ≈1.5M sales lines; CI's smoke size), M (≈10M) or L
# (≈50M, seven markets); BENCH picks benchmarks by regexp. Demo workspaces are generated once into
# BENCH_DIR; the output with the machine line goes to BENCH_DIR/bench-SIZE.txt, from which
# bench/results.md records the figures.
bench:
	@mkdir -p $(BENCH_DIR)
	@set -o pipefail; { \
	  echo "# sijang benchmarks, size $(SIZE)"; echo; \
	  echo "- machine: $$(nproc) cores,$$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $$(free -g | awk '/Mem:/{print $$2}') GiB memory, load average $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	  echo "- date: $$(date -u +%F), version $(VERSION)"; echo; echo '```'; \
	  SIJANG_BENCH_SIZE=$(SIZE) SIJANG_BENCH_DIR=$(BENCH_DIR) \
	    $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -timeout 4h ./cmd/sijang/; \
	  echo '```'; } | tee $(BENCH_DIR)/bench-$(SIZE).txt

# Each fuzz target for FUZZTIME (go test -fuzz takes one target at a time).
fuzz:
	@set -e; for pkg in ./ingest ./metrics/did; do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi
	$(GO) vet ./...

update-golden:
	$(GO) test ./reports/ -update

clean:
	rm -rf bin $(DEMO_DIR)
