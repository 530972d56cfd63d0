#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): makes kvlint available and
# sets the step output `kvlint` to the executable's path.
#
#   INPUT_VERSION  "source": build this checkout (scripts/kvlint-build.sh);
#                  anything else: npm install kvlint@INPUT_VERSION
#   VERSION        the version stamped into a source build (the action ref)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${INPUT_VERSION:-source}

case "$version" in
  source)
    bash "$root/scripts/kvlint-build.sh"
    bin="$root/bin/kvlint"
    if [ ! -x "$bin" ]; then bin="$bin.exe"; fi
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
echo "kvlint=$bin" >> "$GITHUB_OUTPUT"
