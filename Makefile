# kvlint's build. `make build` and `make test` are all a fresh clone needs:
# both generate esbuild's parser (internal/esbuild) from the module pinned in
# go.mod first.

GO            ?= go
GOLANGCI_LINT_VERSION := v2.15.0
TOOLS         := $(CURDIR)/.tools
GOLANGCI_LINT := $(TOOLS)/golangci-lint
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -s -w -X main.version=$(VERSION)
GENERATED     := internal/esbuild/VERSION

.PHONY: all build generate test lint vet fmt-check bench clean

all: build

$(GENERATED): go.mod go.sum parser/gen/main.go
	$(GO) run ./parser/gen

generate: $(GENERATED)

build: $(GENERATED)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/kvlint ./cmd/kvlint

# go test ./... includes the schema validation of every SARIF and GitLab
# report the command's tests produce (cmd/kvlint/schema_test.go, against
# testdata/schema).
test: $(GENERATED)
	$(GO) test ./...

vet: $(GENERATED)
	$(GO) vet ./...

$(GOLANGCI_LINT):
	GOBIN=$(TOOLS) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

lint: $(GENERATED) $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run ./...

# Benchmark (bench/run.sh): kvlint against ast-grep and its own parser on a
# corpus of pinned npm packages and synthetic Workers, both downloaded or
# generated into ~/.cache/kvlint-bench (KVLINT_BENCH_DIR); prints medians,
# peak RSS, MB/s and the speed targets, then the scaling cases
# (bench/scaling: time ratios at n, 2n, 4n). Go micro-benchmarks:
# go test -bench . -run '^$$' ./parser/ ./rules/kvmodel/
bench: $(GENERATED)
	GO=$(GO) bash bench/run.sh

clean:
	rm -rf bin internal/esbuild internal/esbuild.tmp npm/dist

# Packaging and its integration tests (tests/integration; see each script's
# header). `npm-pack` writes npm/dist: six platform packages, the main
# package and their tarballs; VERSION=1.2.3 sets the packages' version.
.PHONY: npm-pack integration

npm-pack:
	scripts/npm-build.sh

integration:
	tests/integration/precommit.sh
	tests/integration/action.sh
	tests/integration/npm.sh
	tests/integration/neovim.sh
	tests/integration/vscode.sh

# Fuzzing (go test -fuzz, one target at a time): `make fuzz` runs each
# target for FUZZTIME, `make fuzz-smoke` for 2,000 inputs each (for CI).
# The smoke run counts inputs rather than seconds: with a time budget, Go
# 1.26's fuzz coordinator can report its own deadline as a failure
# ("context deadline exceeded", no input written), fixed only in Go 1.27. A failing
# input is written to <package>/testdata/fuzz/<target>/; commit it (after
# fixing the bug) and every `go test` runs it from then on. FUZZMINTIME
# bounds the minimizing of each new input (go test's default, 60 s, leaves
# little time for fuzzing in a short run).
FUZZTIME     ?= 30s
FUZZMINTIME  ?= 5s
FUZZ_TARGETS := ./driver:FuzzLint ./driver:FuzzDirective ./config:FuzzWrangler ./config:FuzzTool \
                ./fix:FuzzFixApplication ./rules/valueflow:FuzzValueFlow ./rules/kvtypes:FuzzTypes \
                ./parser:FuzzIndexRare ./parser:FuzzSkipTrivia ./parser:FuzzLazyDecls ./rules/kvmodel:FuzzRelativeSpecs ./rules/kvmodel:FuzzMentioned
.PHONY: fuzz fuzz-smoke

fuzz: $(GENERATED)
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME); \
	done

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=2000x FUZZMINTIME=200x
