#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): makes kvlint available and
# sets the step outputs `kvlint` (the executable's path) and `built` (true
# when it was compiled in this job, so the action caches it).
#
#   INPUT_VERSION  "source": use the binary restored into BIN_DIR, or build
#                  this checkout (scripts/kvlint-build.sh) and put it there;
#                  anything else: npm install kvlint@INPUT_VERSION
#   BIN_DIR        where the source build is kept (and cached)
#   VERSION        the version stamped into a source build (the action ref)
#
# The build uses the runner's Go (GOTOOLCHAIN=auto fetches the version in
# go.mod when it is older) or, without one, downloads Go from go.dev into
# RUNNER_TEMP. Either way only this step's PATH sees it: the user's later
# steps keep their own Go, or none.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${INPUT_VERSION:-source}
out() { echo "$1" >> "$GITHUB_OUTPUT"; }

# private_go: put a Go that can build kvlint first on this script's PATH.
private_go() {
  export GOTOOLCHAIN=auto
  if command -v go >/dev/null 2>&1; then
    local minor
    minor=$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
    if [ -n "$minor" ] && [ "$minor" -ge 21 ]; then
      return 0 # 1.21+ switches to go.mod's toolchain by itself
    fi
  fi
  local want os arch ext dir
  want=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$root/go.mod")
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux) os=linux ;; macOS|Darwin) os=darwin ;; Windows|MINGW*|MSYS*) os=windows ;;
    *) echo "::error title=kvlint::no Go to build kvlint on ${RUNNER_OS:-this runner}; install Go first or use an npm version"; exit 2 ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64|x86_64|amd64) arch=amd64 ;; ARM64|arm64|aarch64) arch=arm64 ;;
    *) echo "::error title=kvlint::no Go download for ${RUNNER_ARCH:-this architecture}"; exit 2 ;;
  esac
  ext=tar.gz
  [ "$os" != windows ] || ext=zip
  dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kvlint-go"
  if [ ! -x "$dir/go/bin/go" ] && [ ! -x "$dir/go/bin/go.exe" ]; then
    echo "Downloading Go $want for building kvlint (kept out of the job's PATH)"
    rm -rf "$dir"
    mkdir -p "$dir"
    curl -fsSL "https://go.dev/dl/go$want.$os-$arch.$ext" -o "$dir/go.$ext"
    if [ "$ext" = zip ]; then (cd "$dir" && unzip -q go.zip); else tar -C "$dir" -xzf "$dir/go.$ext"; fi
    rm -f "$dir/go.$ext"
  fi
  export PATH="$dir/go/bin:$PATH"
}

built=false
case "$version" in
  source)
    bindir=${BIN_DIR:-$root/bin}
    bin="$bindir/kvlint"
    [ -x "$bin" ] || [ ! -x "$bin.exe" ] || bin="$bin.exe"
    if [ -x "$bin" ]; then
      echo "kvlint: using the cached build in $bindir"
    else
      private_go
      bash "$root/scripts/kvlint-build.sh"
      mkdir -p "$bindir"
      src="$root/bin/kvlint"
      [ -x "$src" ] || src="$src.exe"
      cp "$src" "$bindir/"
      bin="$bindir/$(basename "$src")"
      built=true
    fi
    ;;
  *)
    if ! command -v npm >/dev/null 2>&1; then
      echo "::error title=kvlint::version \"$version\" installs kvlint with npm, and npm is not on PATH; add actions/setup-node or use version: source"
      exit 2
    fi
    prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kvlint-npm"
    rm -rf "$prefix"
    mkdir -p "$prefix"
    echo "Installing kvlint@$version with npm"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel error "kvlint@$version"
    bin="$prefix/node_modules/.bin/kvlint"
    ;;
esac

"$bin" --version
out "kvlint=$bin"
out "built=$built"
