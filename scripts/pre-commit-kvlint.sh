#!/usr/bin/env bash
# Entry point of the `kvlint` pre-commit hook (.pre-commit-hooks.yaml).
#
# pre-commit clones kvlint at the rev a project pins and runs this script
# from that clone, with the staged files as arguments. The first run builds
# kvlint from the clone into its bin/ (scripts/kvlint-build.sh; Go is the
# only prerequisite); later runs, and the batches pre-commit runs in
# parallel, reuse that binary. A new rev is a new clone, so the binary always
# matches the pinned source.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/kvlint-build.sh" --if-missing

bin="$root/bin/kvlint"
if [ ! -x "$bin" ] && [ -x "$bin.exe" ]; then
  bin="$bin.exe"
fi
exec "$bin" "$@"
