#!/usr/bin/env bash
# Integration test of the GitHub Action (action.yml).
#
# kvlint's working tree is snapshotted (see lib.sh) to stand for the
# action's checkout, and run_action.py runs action.yml's steps the way a
# runner would: inputs and ${{ }} filled in, `if:` evaluated, `run:` steps
# executed with bash and GITHUB_ACTIONS=true, GITHUB_OUTPUT read back. The
# cache steps (actions/cache/restore and save) run as local stand-ins that
# keep the cache in a directory, so the cold build and the warm restore are
# both checked; github/codeql-action/upload-sarif is not run (the report
# says whether it would have, and with what). Needs Go, git and Python 3
# with PyYAML; the npm scenario also Node.js.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

command -v go >/dev/null 2>&1 || skip "go is not installed"
command -v git >/dev/null 2>&1 || skip "git is not installed"
python=
for p in python3 /usr/bin/python3 python; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import yaml' 2>/dev/null; then python=$p; break; fi
done
[ -n "$python" ] || skip "no Python 3 with PyYAML (apt-get install python3-yaml, or pip install pyyaml)"
harness="$root/tests/integration/run_action.py"
unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_ENV GITHUB_PATH GITHUB_STEP_SUMMARY

action="$work/action"
snapshot "$action"
[ ! -e "$action/bin" ] || fail "the snapshot has a bin/ already"

# run_action NAME WORKSPACE [run_action.py flags...]: run the action; sets
# code (the harness's exit code: 0 the action succeeded, 1 it failed) and
# out, err, rep (stdout, stderr and JSON report files).
run_action() {
  local name=$1 ws=$2
  shift 2
  out="$work/$name.out" err="$work/$name.err" rep="$work/$name.json"
  set +e
  "$python" "$harness" "$action" --workspace "$ws" --action-ref v0.0.0-test \
    --run-uses "actions/cache/restore@v4=bash $cache_restore" \
    --run-uses "actions/cache/save@v4=bash $cache_save" \
    --report "$rep" "$@" > "$out" 2> "$err"
  code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    cat "$err" >&2
    fail "$name: the harness exited $code"
  fi
}

# field PYTHON-EXPRESSION: evaluate on the report r (a dict), print it.
field() {
  "$python" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$rep" "$1"
}

# step_status NAME: the status of the step named NAME in the report.
step_status() {
  field "[s['status'] for s in r['steps'] if s['name'] == '$1'][0]"
}

expect() { # expect WHAT GOT WANT
  [ "$2" = "$3" ] || { echo "---- stdout"; cat "$out"; echo "---- stderr"; cat "$err"; } >&2
  [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# Stand-ins for actions/cache/restore and save: a directory per key.
cache_store="$work/cache-store"
cache_restore="$work/cache-restore.sh"
cache_save="$work/cache-save.sh"
cat > "$cache_restore" <<SH
if [ -d "$cache_store/\$INPUT_KEY" ]; then
  mkdir -p "\$INPUT_PATH" && cp -R "$cache_store/\$INPUT_KEY/." "\$INPUT_PATH/"
  echo "cache-hit=true" >> "\$GITHUB_OUTPUT"; echo "cache restored: \$INPUT_KEY"
else
  echo "cache-hit=false" >> "\$GITHUB_OUTPUT"; echo "cache miss: \$INPUT_KEY"
fi
SH
cat > "$cache_save" <<SH
[ ! -d "$cache_store/\$INPUT_KEY" ] || { echo "cache save: \$INPUT_KEY exists" >&2; exit 1; }
mkdir -p "$cache_store/\$INPUT_KEY" && cp -R "\$INPUT_PATH/." "$cache_store/\$INPUT_KEY/"
echo "cache saved: \$INPUT_KEY"
SH

ws="$work/ws"
worker "$ws"
git -C "$ws" init -q

shortttl='::error file=src/index.ts,line=7,endLine=7,col=37,endColumn=54,title=kvlint (shortttl)::expirationTtl 30 is below'

say "defaults, cold cache: kvlint is built and cached; annotation, summary, action fails"
run_action defaults "$ws"
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
assert_contains "$out" "kvlint v0.0.0-test" # --version of the source build, stamped with the action ref
assert_contains "$err" "kvlint-build: building kvlint"
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 1
expect "sarif output" "$(field "r['outputs']['sarif']")" ""
expect "Restore kvlint" "$(step_status 'Restore kvlint')" success
expect "Install kvlint" "$(step_status 'Install kvlint')" success
expect "built output" "$(field "[s for s in r['steps'] if s['name'] == 'Install kvlint'][0]['outputs']['built']")" true
expect "Save kvlint" "$(step_status 'Save kvlint')" success
expect "Run kvlint" "$(step_status 'Run kvlint')" success
expect "Upload SARIF" "$(step_status 'Upload SARIF')" skipped
expect "Check result" "$(step_status 'Check result')" failure
expect "PATH entries left for later steps" "$(field "r['path_added']")" "[]"
key=$(field "[s for s in r['steps'] if s['name'] == 'Cache key'][0]['outputs']['key']")
case "$key" in kvlint-v0.0.0-test-Linux-X64-*) ;; *) fail "cache key $key is not kvlint-<ref>-<os>-<arch>-<hash>" ;; esac
[ -x "$cache_store/$key/kvlint" ] || fail "the build was not cached under $key"
field "r['summary']" > "$work/summary.md"
assert_contains "$work/summary.md" "### kvlint: 2 problems (1 error, 1 warning)"
assert_contains "$work/summary.md" '| [`shortttl`](https://github.com/kvlint/kvlint/blob/main/docs/rules.md#shortttl) | 1 | 0 |'
assert_not_contains "$work/summary.md" "| location |" # the annotations show everything

say "warm cache: the cached kvlint is used, nothing is compiled"
rm -rf "${action:?}/bin"
run_action warm "$ws"
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
assert_contains "$out" "kvlint: using the cached build"
assert_not_contains "$err" "kvlint-build: building"
expect "Restore kvlint hit" "$(field "[s for s in r['steps'] if s['name'] == 'Restore kvlint'][0]['outputs']['cache-hit']")" true
expect "Save kvlint" "$(step_status 'Save kvlint')" skipped
[ ! -e "$action/bin/kvlint" ] || fail "the warm job compiled kvlint"

say "cache false: built, not cached"
run_action no-cache "$ws" --input cache=false
expect "Restore kvlint" "$(step_status 'Restore kvlint')" skipped
expect "Save kvlint" "$(step_status 'Save kvlint')" skipped
expect "action result" "$code" 1

say "sarif: one kvlint run writes annotations and the SARIF report, which would be uploaded"
run_action sarif "$ws" --input sarif=reports/kvlint.sarif
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
expect "kvlint runs" "$(grep -c -- '--format github' "$out")" 1
expect "sarif output" "$(field "r['outputs']['sarif']")" reports/kvlint.sarif
expect "Upload SARIF" "$(step_status 'Upload SARIF')" uses-not-run
expect "Upload SARIF with" "$(field "[s['with'] for s in r['steps'] if s['name'] == 'Upload SARIF'][0]")" \
  "{'sarif_file': 'reports/kvlint.sarif', 'category': 'kvlint'}"
"$python" - "$ws/reports/kvlint.sarif" <<'PY' || fail "the SARIF report is not what it should be"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0", s["version"]
results = s["runs"][0]["results"]
hits = [r for r in results if r["ruleId"] == "shortttl"]
assert hits, [r["ruleId"] for r in results]
loc = hits[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "src/index.ts", loc
assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%", loc
assert loc["region"]["startLine"] == 7, loc
assert hits[0]["partialFingerprints"]["primaryLocationLineHash"], hits[0]
rules = {r["id"]: r for r in s["runs"][0]["tool"]["driver"]["rules"]}
assert rules["shortttl"]["helpUri"].endswith("#shortttl"), rules["shortttl"]
assert rules["shortttl"]["help"]["markdown"], rules["shortttl"]
PY
if "$python" -c 'import jsonschema' 2>/dev/null; then
  "$python" - "$ws/reports/kvlint.sarif" "$root/testdata/schema/sarif-schema-2.1.0.json" <<'PY' || fail "the SARIF report does not match the SARIF 2.1.0 schema"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
PY
else
  say "(python3-jsonschema not installed: the SARIF schema is checked by go test instead)"
fi

say "sarif with upload-sarif false: written, not uploaded"
rm -rf "$ws/reports"
run_action sarif-no-upload "$ws" --input sarif=reports/kvlint.sarif --input upload-sarif=false
expect "action result" "$code" 1
[ -s "$ws/reports/kvlint.sarif" ] || fail "no SARIF report written"
expect "Upload SARIF" "$(step_status 'Upload SARIF')" skipped
rm -rf "$ws/reports"

say "fail-on never: annotations, action succeeds"
run_action never "$ws" --input fail-on=never
expect "action result" "$code" 0
assert_contains "$out" "$shortttl"
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 1

say "args --quiet: warnings left out"
run_action quiet "$ws" --input args=--quiet
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
assert_not_contains "$out" "::warning "

say "a clean Worker: no annotations, action succeeds"
clean="$work/clean"
worker "$clean"
rm "$clean/src/index.ts"
run_action clean "$clean"
expect "action result" "$code" 0
assert_not_contains "$out" "::error"
assert_not_contains "$out" "::warning"
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 0

say "fail-on warning: a warning (missingttl) fails; with the default it does not"
warn="$work/warn"
worker "$warn"
rm "$warn/src/index.ts"
cat > "$warn/src/forever.ts" <<'TS'
export async function save(env: { CACHE: KVNamespace }, key: string, value: string): Promise<void> {
  await env.CACHE.put(key, value);
}
TS
run_action warn-default "$warn"
expect "action result (fail-on error)" "$code" 0
assert_contains "$out" "::warning file=src/forever.ts,line=2,"
assert_contains "$out" "title=kvlint (missingttl)"
run_action warn-warning "$warn" --input fail-on=warning
expect "action result (fail-on warning)" "$code" 1
assert_contains "$out" "::warning file=src/forever.ts,line=2,"
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 1

say "path: a Worker in a subdirectory, annotated with workspace paths"
mono="$work/mono"
worker "$mono/apps/api"
printf '# monorepo\n' > "$mono/README.md"
run_action subdir "$mono" --input path=apps/api
expect "action result" "$code" 1
assert_contains "$out" "::error file=apps/api/src/index.ts,line=7,"
run_action two-paths "$mono" --input "path=apps/api/src/clean.ts
apps/api/src/index.ts"
expect "action result (two paths, newline-separated)" "$code" 1
assert_contains "$out" "::error file=apps/api/src/index.ts,line=7,"

say "a bad fail-on value: an error annotation, action fails"
run_action bad-fail-on "$ws" --input fail-on=sometimes
expect "action result" "$code" 1
assert_contains "$out" '::error title=kvlint::fail-on is "sometimes"'
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 2

say "a bad kvlint flag in args: exit code 2, action fails"
run_action bad-args "$ws" --input "args=--no-such-flag"
expect "action result" "$code" 1
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 2
assert_contains "$out" "::error title=kvlint::kvlint could not run (exit code 2)"

say "working-directory: kvlint runs in a Worker's folder, paths stay relative to the workspace"
git -C "$mono" init -q
run_action workdir "$mono" --input working-directory=apps/api
expect "action result" "$code" 1
assert_contains "$out" "::error file=apps/api/src/index.ts,line=7,"

say "config: one kvlint.toml for every file"
printf '[rules]\nshortttl = "off"\n' > "$ws/relaxed.toml"
run_action config "$ws" --input config=relaxed.toml
expect "action result" "$code" 0
assert_not_contains "$out" "(shortttl)"
rm "$ws/relaxed.toml"

say "only-new: findings in the baseline are hidden, a new one is shown"
kvlint_bin="$cache_store/$key/kvlint" # the build the first scenario cached
[ -x "$kvlint_bin" ] || fail "no cached kvlint build at $kvlint_bin"
(cd "$ws" && "$kvlint_bin" --write-baseline kvlint-baseline.json .) 2>/dev/null
run_action only-new "$ws" --input only-new=kvlint-baseline.json
expect "action result (nothing new)" "$code" 0
assert_not_contains "$out" "::error file="
cp "$ws/src/index.ts" "$work/index.ts.orig"
"$python" - "$ws/src/index.ts" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('expirationTtl: 30 });\n', 'expirationTtl: 30 });\n    await env.CACHE.put("j", "v", { expirationTtl: 20 });\n', 1)
open(p, "w").write(s)
PY
run_action only-new-2 "$ws" --input only-new=kvlint-baseline.json
expect "action result (a new finding)" "$code" 1
assert_contains "$out" "::error file=src/index.ts,line=8,"
assert_not_contains "$out" "::error file=src/index.ts,line=7,"
cp "$work/index.ts.orig" "$ws/src/index.ts"
rm -f "$ws/kvlint-baseline.json"
run_action only-new-missing "$ws" --input only-new=nope.json
expect "exit-code output (no baseline file)" "$(field "r['outputs']['exit-code']")" 2

say "summary: more findings than GitHub annotates: every finding listed with links"
many="$work/many"
worker "$many"
git -C "$many" init -q
{
  echo 'export async function many(env: { CACHE: KVNamespace }, k: string): Promise<void> {'
  for i in $(seq 1 12); do echo "  await env.CACHE.put(k + \"$i\", \"v\");"; done
  echo '}'
} > "$many/src/many.ts"
run_action many "$many"
field "r['summary']" > "$work/summary.md"
assert_contains "$work/summary.md" "The annotations show at most 10 errors and 10 warnings per step"
assert_contains "$work/summary.md" '](https://github.com/octo/worker/blob/0123456789abcdef0123456789abcdef01234567/src/many.ts#L13) | warning | `missingttl` |'

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  say "version 0.1.0-test.1: kvlint from npm (a stand-in npm installs the local tarballs, offline)"
  (VERSION=0.1.0-test.1 "$action/scripts/npm-build.sh" --host > "$work/npm-build.out" 2>&1) ||
    { cat "$work/npm-build.out" >&2; fail "npm-build.sh --host failed"; }
  rm -rf "${action:?}/bin" # the npm path must not use a source build
  host=$(node -p 'process.platform + "-" + process.arch')
  tarballs="$action/npm/dist/tarballs"
  shim="$work/npm-shim"
  mkdir -p "$shim"
  real_npm=$(command -v npm)
  # The stand-in replaces the spec kvlint@0.1.0-test.1 by the two tarballs
  # and keeps npm offline; anything else fails the test.
  cat > "$shim/npm" <<EOF
#!/usr/bin/env bash
args=()
seen=false
for a in "\$@"; do
  if [ "\$a" = kvlint@0.1.0-test.1 ]; then
    args+=("$tarballs/kvlint-0.1.0-test.1.tgz" "$tarballs/kvlint-$host-0.1.0-test.1.tgz")
    seen=true
  else
    args+=("\$a")
  fi
done
\$seen || { echo "npm stand-in: unexpected npm \$*" >&2; exit 99; }
export npm_config_registry=http://127.0.0.1:9/ npm_config_offline=true npm_config_cache="$work/npm-cache"
exec "$real_npm" "\${args[@]}"
EOF
  chmod +x "$shim/npm"
  PATH="$shim:$PATH" run_action npm "$ws" --input version=0.1.0-test.1
  expect "action result" "$code" 1
  expect "Cache key" "$(step_status 'Cache key')" skipped
  assert_contains "$out" "kvlint 0.1.0-test.1"
  assert_contains "$out" "$shortttl"
  [ ! -e "$action/bin/kvlint" ] || fail "version 0.1.0-test.1 built kvlint from source"
else
  say "SKIP the npm scenario: node or npm is not installed"
fi

say "PASS"
