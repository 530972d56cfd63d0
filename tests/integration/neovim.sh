#!/usr/bin/env bash
# Integration test of `kvlint lsp` with a real editor's LSP client: Neovim
# (Debian's 0.7 package: vim.lsp.start_client plus vim.lsp.buf_attach_client),
# headless, opens src/index.ts of a scratch Worker (a shortttl error on line
# 7) and reads kvlint's diagnostic back with vim.diagnostic.get()
# (neovim.lua); then edits the buffer, unsaved, to fix it, and the
# diagnostic goes. Installs neovim from Debian's packages when missing and
# it can (root with apt-get); skips, loudly, when it cannot.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

if ! command -v nvim >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing neovim (Debian package)"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null 2>&1 || true
fi
command -v nvim >/dev/null 2>&1 ||
  skip "neovim is not installed and could not be (Debian/Ubuntu: apt-get install neovim)"
command -v go >/dev/null 2>&1 || skip "go is not installed"
say "using $(nvim --version | head -1)"

(cd "$root" && CGO_ENABLED=0 go build -o "$work/kvlint" ./cmd/kvlint)
proj="$work/worker"
worker "$proj"

export KVLINT_BIN="$work/kvlint" KVLINT_PROJ="$proj" KVLINT_OUT="$work/diagnostics.txt"
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
  timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $root/tests/integration/neovim.lua" </dev/null >"$work/nvim.log" 2>&1 ||
  { cat "$work/nvim.log" >&2; fail "neovim exited $?"; }
[ -s "$KVLINT_OUT" ] || { cat "$work/nvim.log" >&2; fail "neovim wrote no diagnostics file"; }
cat "$KVLINT_OUT"

assert_contains "$KVLINT_OUT" "open diagnostics"
assert_contains "$KVLINT_OUT" "open 7:37 severity=1 source=kvlint code=shortttl expirationTtl 30 is below"
assert_contains "$KVLINT_OUT" "edit cleared"
assert_not_contains "$KVLINT_OUT" "code=shortttl expirationTtl 3600"
grep -q "^edit .*code=shortttl" "$KVLINT_OUT" && fail "shortttl still reported after the edit"
assert_contains "$KVLINT_OUT" "done"
say "PASS"
