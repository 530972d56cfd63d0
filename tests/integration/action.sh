#!/usr/bin/env bash
# Integration test of the GitHub Action (action.yml).
#
# kvlint's working tree is snapshotted (see lib.sh) to stand for the
# action's checkout, and run_action.py runs action.yml's steps the way a
# runner would: inputs and ${{ }} filled in, `if:` evaluated, `run:` steps
# executed with bash and GITHUB_ACTIONS=true, GITHUB_OUTPUT read back. The
# `uses:` steps (actions/setup-go, github/codeql-action/upload-sarif) are not
# run; the report says whether they would have, and with what. Every
# scenario builds kvlint from source in the snapshot, as the action does.
# Needs Go, git and Python 3 with PyYAML; the npm scenario also Node.js.
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

ws="$work/ws"
worker "$ws"
git -C "$ws" init -q

shortttl='::error file=src/index.ts,line=7,endLine=7,col=37,endColumn=54,title=kvlint (shortttl)::expirationTtl 30 is below'

say "defaults on a Worker with a shortttl error: annotation, action fails"
run_action defaults "$ws"
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
assert_contains "$out" "kvlint v0.0.0-test" # --version of the source build, stamped with the action ref
expect "exit-code output" "$(field "r['outputs']['exit-code']")" 1
expect "sarif output" "$(field "r['outputs']['sarif']")" ""
expect "Set up Go" "$(step_status 'Set up Go')" uses-not-run
expect "Set up Go with" "$(field "[s['with'] for s in r['steps'] if s['name'] == 'Set up Go'][0]['go-version-file']")" "$action/go.mod"
expect "Install kvlint" "$(step_status 'Install kvlint')" success
expect "Run kvlint" "$(step_status 'Run kvlint')" success
expect "Upload SARIF" "$(step_status 'Upload SARIF')" skipped
expect "Check result" "$(step_status 'Check result')" failure
[ -x "$action/bin/kvlint" ] || fail "the install step built no $action/bin/kvlint"

say "sarif: a SARIF report is written and would be uploaded"
run_action sarif "$ws" --input sarif=reports/kvlint.sarif
expect "action result" "$code" 1
assert_contains "$out" "$shortttl"
expect "sarif output" "$(field "r['outputs']['sarif']")" reports/kvlint.sarif
expect "Upload SARIF" "$(step_status 'Upload SARIF')" uses-not-run
expect "Upload SARIF with" "$(field "[s['with'] for s in r['steps'] if s['name'] == 'Upload SARIF'][0]")" \
  "{'sarif_file': 'reports/kvlint.sarif', 'category': 'kvlint'}"
"$python" - "$ws/reports/kvlint.sarif" <<'EOF' || fail "the SARIF report is not what it should be"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0", s["version"]
results = s["runs"][0]["results"]
hits = [r for r in results if r["ruleId"] == "shortttl"]
assert hits, [r["ruleId"] for r in results]
loc = hits[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "src/index.ts", loc
assert loc["region"]["startLine"] == 7, loc
EOF

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

say "setup-go false: actions/setup-go is skipped"
run_action no-setup-go "$ws" --input setup-go=false
expect "Set up Go" "$(step_status 'Set up Go')" skipped
expect "action result" "$code" 1

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
  expect "Set up Go" "$(step_status 'Set up Go')" skipped
  assert_contains "$out" "kvlint 0.1.0-test.1"
  assert_contains "$out" "$shortttl"
  [ ! -e "$action/bin/kvlint" ] || fail "version 0.1.0-test.1 built kvlint from source"
else
  say "SKIP the npm scenario: node or npm is not installed"
fi

say "PASS"
