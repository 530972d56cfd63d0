# shellcheck shell=bash
# Helpers shared by the integration tests; source it, do not run it.
#
# Every test works in its own temporary directory ($work), removed on exit
# unless KEEP=1. None of them touches the kvlint checkout except the npm test,
# which writes the git-ignored npm/dist.

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
test_name=$(basename "$0" .sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/kvlint-$test_name.XXXXXX")

cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "[$test_name] kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

say() { echo "[$test_name] $*"; }

fail() {
  echo "[$test_name] FAIL: $*" >&2
  exit 1
}

# skip MESSAGE: the test cannot run here; not a failure.
skip() {
  echo "[$test_name] SKIP: $*"
  exit 0
}

# assert_contains FILE TEXT: FILE contains the fixed string TEXT.
assert_contains() {
  grep -qF -- "$2" "$1" || {
    echo "---- $1" >&2; cat "$1" >&2; echo "----" >&2
    fail "$1 does not contain: $2"
  }
}

# assert_not_contains FILE TEXT
assert_not_contains() {
  if grep -qF -- "$2" "$1"; then
    echo "---- $1" >&2; cat "$1" >&2; echo "----" >&2
    fail "$1 contains: $2"
  fi
}

# assert_exit WANT GOT WHAT
assert_exit() {
  [ "$1" = "$2" ] || fail "$3: exit code $2, want $1"
}

# snapshot DEST: a fresh git repository at DEST standing for a fresh clone of
# kvlint with the current changes, committed (no bin/, no generated
# internal/esbuild). SNAPSHOT picks the source:
#   worktree (default)  the working tree as it is: tracked and untracked
#                       files, minus what .gitignore excludes
#   head                the Go code as committed (HEAD), with the packaging
#                       files (action.yml, .pre-commit-hooks.yaml, Makefile,
#                       scripts/, npm/, tests/integration/) from the working
#                       tree: for when someone's Go edit is half done
snapshot() {
  local dest=$1
  mkdir -p "$dest"
  case "${SNAPSHOT:-worktree}" in
    worktree)
      copy_tree "$dest" ;;
    head)
      git -C "$root" archive HEAD | tar -xf - -C "$dest"
      copy_tree "$dest" action.yml .pre-commit-hooks.yaml Makefile scripts npm tests/integration ;;
    *)
      fail "SNAPSHOT=$SNAPSHOT: want worktree or head" ;;
  esac
  git -C "$dest" init -q
  git -C "$dest" add -A
  git -C "$dest" -c user.name=kvlint-test -c user.email=test@invalid \
    commit -q -m "kvlint snapshot for $test_name"
}

# copy_tree DEST [PATHSPEC...]: copy the working tree's files that git does
# not ignore (all of them, or those under PATHSPECs) into DEST, keeping modes.
copy_tree() {
  local dest=$1
  shift
  (cd "$root" && git ls-files -z -co --exclude-standard -- "$@") |
    (cd "$root" && while IFS= read -r -d '' f; do
      if [ -e "$f" ]; then printf '%s\0' "$f"; fi
    done) |
    (cd "$root" && tar --null -T - -cf -) |
    tar -xf - -C "$dest"
}

# worker DIR: a small Worker with a wrangler.toml declaring the CACHE KV
# namespace. src/index.ts has one shortttl error (line 7: expirationTtl 30);
# src/clean.ts has no finding.
worker() {
  local dir=$1
  mkdir -p "$dir/src"
  cat > "$dir/wrangler.toml" <<'TOML'
name = "scratch-worker"
main = "src/index.ts"
compatibility_date = "2024-09-23"

[[kv_namespaces]]
binding = "CACHE"
id = "0123456789abcdef0123456789abcdef"
TOML
  cat > "$dir/src/index.ts" <<'TS'
export interface Env {
  CACHE: KVNamespace;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    await env.CACHE.put("k", "v", { expirationTtl: 30 });
    return new Response("ok");
  },
};
TS
  cat > "$dir/src/clean.ts" <<'TS'
export interface Env {
  CACHE: KVNamespace;
}

export async function remember(env: Env, key: string, value: string): Promise<void> {
  await env.CACHE.put(key, value, { expirationTtl: 3600 });
}
TS
}
