#!/usr/bin/env bash
# Integration test of .pre-commit-hooks.yaml with the real pre-commit.
#
# kvlint's working tree is snapshotted into a temporary git repository (what
# `pre-commit try-repo` would see after a commit: try-repo alone ignores
# untracked files), and a scratch Worker project uses its hooks:
#   1. try-repo kvlint on a file with a shortttl error fails and prints it;
#      on a clean file it passes; on a non-source file it is skipped
#   2. the hook runs from .pre-commit-config.yaml and `pre-commit install`:
#      a commit with the error is refused, the fixed one goes through; a
#      .mts file is linted
#   3. many files at once: pre-commit runs parallel batches, which build
#      kvlint once (the build lock) and all report
#   4. kvlint-system runs the kvlint found on PATH
# Needs git, Go and pre-commit; skips when pre-commit is missing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

command -v pre-commit >/dev/null 2>&1 ||
  skip "pre-commit is not installed (Debian/Ubuntu: apt-get install pre-commit; elsewhere: pipx install pre-commit)"
command -v git >/dev/null 2>&1 || skip "git is not installed"
command -v go >/dev/null 2>&1 || skip "go is not installed (the kvlint hook builds kvlint with it)"
say "using $(pre-commit --version)"

export PRE_COMMIT_HOME="$work/pre-commit-home"
export GIT_AUTHOR_NAME=kvlint-test GIT_AUTHOR_EMAIL=test@invalid
export GIT_COMMITTER_NAME=kvlint-test GIT_COMMITTER_EMAIL=test@invalid
unset GITHUB_ACTIONS # kvlint's text format, whatever CI runs this

hooks="$work/kvlint"
snapshot "$hooks"
rev=$(git -C "$hooks" rev-parse HEAD)
[ -x "$hooks/scripts/pre-commit-kvlint.sh" ] ||
  fail "scripts/pre-commit-kvlint.sh is not executable (pre-commit's script language runs it directly)"
pre-commit validate-manifest "$hooks/.pre-commit-hooks.yaml" >/dev/null

proj="$work/worker"
worker "$proj"
printf '# scratch\n' > "$proj/README.md"
git -C "$proj" init -q
git -C "$proj" add -A
cd "$proj"

# 1. try-repo
say "try-repo kvlint --files src/index.ts (shortttl error)"
set +e
pre-commit try-repo "$hooks" kvlint --ref "$rev" --files src/index.ts > "$work/try-bad.out" 2>&1
code=$?
set -e
assert_exit 1 "$code" "try-repo on src/index.ts"
assert_contains "$work/try-bad.out" "kvlint (Workers KV misuse)"
assert_contains "$work/try-bad.out" "Failed"
assert_contains "$work/try-bad.out" "src/index.ts:7:37: error: expirationTtl 30 is below KV's minimum"
assert_contains "$work/try-bad.out" "(shortttl)"

say "try-repo kvlint --files src/clean.ts"
pre-commit try-repo "$hooks" kvlint --ref "$rev" --files src/clean.ts > "$work/try-clean.out" 2>&1 ||
  { cat "$work/try-clean.out" >&2; fail "try-repo on src/clean.ts failed"; }
assert_contains "$work/try-clean.out" "Passed"

say "try-repo kvlint --files README.md (not a source file)"
pre-commit try-repo "$hooks" kvlint --ref "$rev" --files README.md > "$work/try-md.out" 2>&1 ||
  { cat "$work/try-md.out" >&2; fail "try-repo on README.md failed"; }
assert_contains "$work/try-md.out" "Skipped"

# 2. a configured hook, installed into git
say "configured hook: a commit with the error is refused"
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: kvlint
EOF
git add .pre-commit-config.yaml
pre-commit install > /dev/null
set +e
git commit -q -m "add worker" > "$work/commit-bad.out" 2>&1
code=$?
set -e
[ "$code" -ne 0 ] || fail "git commit went through despite a shortttl error"
assert_contains "$work/commit-bad.out" "src/index.ts:7:37: error"
git rev-parse -q --verify HEAD >/dev/null && fail "a commit was made"

say "configured hook: the fixed commit goes through"
sed -i.bak 's/expirationTtl: 30/expirationTtl: 300/' src/index.ts && rm -f src/index.ts.bak
git add -A
git commit -q -m "add worker" > "$work/commit-good.out" 2>&1 ||
  { cat "$work/commit-good.out" >&2; fail "git commit of the fixed worker failed"; }
assert_contains "$work/commit-good.out" "kvlint (Workers KV misuse)"
assert_contains "$work/commit-good.out" "Passed"

say "configured hook: .mts files are linted"
cat > src/jobs.mts <<'TS'
export async function stamp(env: { CACHE: KVNamespace }, id: string): Promise<void> {
  await env.CACHE.put(id, "1", { expiration: Date.now() + 3600 });
}
TS
git add src/jobs.mts
set +e
pre-commit run kvlint --files src/jobs.mts > "$work/mts.out" 2>&1
code=$?
set -e
assert_exit 1 "$code" "pre-commit run on src/jobs.mts"
assert_contains "$work/mts.out" "src/jobs.mts:2:"
assert_contains "$work/mts.out" "(expirationunit)"
git rm -q --cached src/jobs.mts && rm src/jobs.mts

# 3. parallel batches against a fresh store: one build, every batch reports
say "many files, fresh hook store: parallel batches share one build"
for i in $(seq 1 40); do
  printf 'export async function f%d(env: { CACHE: KVNamespace }, k: string) {\n  await env.CACHE.put(k, "v", { expirationTtl: 10 });\n}\n' "$i" > "src/gen$i.ts"
done
git add src
set +e
PRE_COMMIT_HOME="$work/pre-commit-home-2" pre-commit run kvlint --verbose --files src/gen*.ts > "$work/many.out" 2>&1
code=$?
set -e
assert_exit 1 "$code" "pre-commit run on 40 files"
builds=$(grep -c "kvlint-build: building kvlint" "$work/many.out" || true)
[ "$builds" = 1 ] || { cat "$work/many.out" >&2; fail "kvlint was built $builds times, want 1"; }
reported=$(grep -c "error: expirationTtl 10 is below" "$work/many.out" || true)
[ "$reported" = 40 ] || { cat "$work/many.out" >&2; fail "$reported of 40 files reported"; }
batches=$(grep -c "problems\? (" "$work/many.out" || true)
say "40 files: $builds build, $reported findings, $batches kvlint processes"
git rm -q --cached src/gen*.ts && rm -f src/gen*.ts

# 4. kvlint-system: the kvlint on PATH
say "kvlint-system with kvlint on PATH"
mkdir -p "$work/path"
"$hooks/scripts/kvlint-build.sh" --if-missing 2>/dev/null
cp "$hooks/bin/kvlint" "$work/path/kvlint"
printf 'export default { async fetch(r: Request, env: { CACHE: KVNamespace }) { await env.CACHE.put("a", "b", { expirationTtl: 5 }); return new Response(); } };\n' > src/sys.ts
git add src/sys.ts
set +e
PATH="$work/path:$PATH" pre-commit try-repo "$hooks" kvlint-system --ref "$rev" --files src/sys.ts > "$work/system.out" 2>&1
code=$?
set -e
assert_exit 1 "$code" "kvlint-system on src/sys.ts"
assert_contains "$work/system.out" "src/sys.ts:1:"
assert_contains "$work/system.out" "(shortttl)"

say "PASS"
