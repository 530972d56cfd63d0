#!/usr/bin/env bash
# The GitHub Action's first step (action.yml): where the built kvlint is
# kept and the key it is cached under, so a warm job restores the binary
# instead of compiling kvlint and esbuild's parser (about 50 s cold).
#
#   ACTION_REF  the action's ref (github.action_ref: a tag, branch or SHA)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP  from the runner
#
# Outputs: dir (the binary's directory) and key: kvlint-<ref>-<os>-<arch>-
# <hash of the sources>. The hash keeps a moving ref (a branch) from
# restoring a binary built from older sources.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ref=${ACTION_REF:-local}
ref=${ref//[^A-Za-z0-9._-]/_}

hash_cmd=sha256sum
command -v sha256sum >/dev/null 2>&1 || hash_cmd="shasum -a 256"
sources=$(cd "$root" && find go.mod go.sum cmd config discover driver fix internal/suggest parser report rules scripts/kvlint-build.sh \
  -type f \( -name '*.go' -o -name 'go.*' -o -name '*.sh' \) ! -name '*_test.go' ! -path 'internal/esbuild/*' 2>/dev/null |
  LC_ALL=C sort | while read -r f; do printf '%s ' "$f"; $hash_cmd < "$f"; done | $hash_cmd | cut -c1-16)

dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kvlint-bin"
key="kvlint-$ref-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-$sources"
echo "dir=$dir" >> "$GITHUB_OUTPUT"
echo "key=$key" >> "$GITHUB_OUTPUT"
echo "kvlint cache key: $key"
