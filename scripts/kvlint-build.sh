#!/usr/bin/env bash
# Builds bin/kvlint (bin/kvlint.exe on Windows) from the kvlint checkout this
# script lives in, for installers that start from a bare source tree: the
# pre-commit hook and the GitHub Action. It does what `make build` does
# (generate esbuild's parser, then a static build) with Go alone, so it also
# works where make is missing (Git Bash on Windows). Keep it in step with the
# Makefile's build recipe.
#
#   scripts/kvlint-build.sh [--if-missing]
#
# --if-missing  do nothing when the binary exists already (the pre-commit
#               hook builds once per checkout and reuses it)
#
# Concurrent runs in one checkout are serialized with a lock directory, so
# parallel pre-commit batches build once. The binary is written under a
# temporary name and renamed, so a killed build never leaves a truncated
# executable behind. Progress goes to stderr; stdout stays clean. The version
# stamped into the binary is $VERSION, else `git describe`, else "dev".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bindir="$root/bin"

if_missing=false
for arg in "$@"; do
  case "$arg" in
    --if-missing) if_missing=true ;;
    *) echo "kvlint-build: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

have_binary() {
  [ -x "$bindir/kvlint" ] || [ -x "$bindir/kvlint.exe" ]
}

if $if_missing && have_binary; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "kvlint-build: Go is needed to build kvlint from source (go.mod asks for $(sed -n 's/^go //p' "$root/go.mod")); install it from your package manager or go.dev, or install a prebuilt kvlint (npm install --save-dev kvlint)" >&2
  exit 2
fi

mkdir -p "$bindir"
lock="$bindir/.build.lock"
locked=false
tmp=
release() {
  if [ -n "$tmp" ]; then rm -f "$tmp"; fi
  if $locked; then rm -rf "$lock"; fi
}
trap release EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# mkdir is atomic on every file system we care about; the lock holds the
# holder's pid so a lock left by a killed build is taken over.
waited=0
until mkdir "$lock" 2>/dev/null; do
  holder=$(cat "$lock/pid" 2>/dev/null || true)
  if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
    echo "kvlint-build: removing stale lock of process $holder" >&2
    rm -rf "$lock"
    continue
  fi
  if [ "$waited" -eq 0 ]; then
    echo "kvlint-build: waiting for another build of kvlint to finish" >&2
  fi
  waited=$((waited + 1))
  if [ "$waited" -gt 1200 ]; then # 10 minutes
    echo "kvlint-build: gave up waiting for $lock; remove it if no build is running" >&2
    exit 2
  fi
  sleep 0.5
done
locked=true
echo $$ > "$lock/pid"

# Another process may have built it while we waited.
if $if_missing && have_binary; then
  exit 0
fi

cd "$root"
version=${VERSION:-}
if [ -z "$version" ]; then
  version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
fi
exe=$(go env GOEXE)
out="$bindir/kvlint$exe"
tmp="$bindir/.kvlint.$$.tmp$exe"

echo "kvlint-build: building kvlint $version from source in $root" >&2
go run ./parser/gen >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$tmp" ./cmd/kvlint >&2
mv -f "$tmp" "$out"
echo "kvlint-build: built $out" >&2
