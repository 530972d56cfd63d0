#!/usr/bin/env bash
# Integration test of the VS Code extension (editors/vscode): in a copy of
# it, `npm ci` from its lock file, `npm test` (the compiled module that
# finds kvlint, and a language-server session through the protocol library
# of vscode-languageclient against a freshly built kvlint), then
# `npm run package`, and checks the .vsix holds the compiled client and
# its runtime dependency. No headless VS Code is run. Needs Node.js and npm
# and the npm registry; skips, loudly, when npm ci cannot install.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
command -v go >/dev/null 2>&1 || skip "go is not installed"

(cd "$root" && CGO_ENABLED=0 go build -o "$work/kvlint" ./cmd/kvlint)
ext="$work/vscode"
mkdir -p "$ext"
(cd "$root/editors/vscode" && tar cf - --exclude=node_modules --exclude=out --exclude='*.vsix' .) | tar xf - -C "$ext"

cd "$ext"
if ! timeout 600 npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1; then
  tail -20 "$work/npm-ci.log"
  skip "npm ci failed (no registry?): the extension was not built"
fi
KVLINT_BIN="$work/kvlint" npm test >"$work/test.log" 2>&1 || { cat "$work/test.log" >&2; fail "npm test"; }
grep -E '^# (pass|fail|skipped)' "$work/test.log"
assert_contains "$work/test.log" "# fail 0"
assert_contains "$work/test.log" "# skipped 0"
npm run package >"$work/package.log" 2>&1 || { cat "$work/package.log" >&2; fail "npm run package"; }
[ -s kvlint.vsix ] || fail "npm run package wrote no kvlint.vsix"
python3 -m zipfile -l kvlint.vsix >"$work/vsix.txt"
assert_contains "$work/vsix.txt" "extension/out/extension.js"
assert_contains "$work/vsix.txt" "extension/out/find.js"
assert_contains "$work/vsix.txt" "extension/package.json"
assert_contains "$work/vsix.txt" "extension/node_modules/vscode-languageclient/package.json"
say "built $(du -k kvlint.vsix | cut -f1) KB kvlint.vsix"
say "PASS"
