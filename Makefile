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

test: $(GENERATED)
	$(GO) test ./...

vet: $(GENERATED)
	$(GO) vet ./...

$(GOLANGCI_LINT):
	GOBIN=$(TOOLS) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

lint: $(GENERATED) $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run ./...

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
