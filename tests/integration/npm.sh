#!/usr/bin/env bash
# Integration test of the npm packages (npm/, scripts/npm-build.sh).
#
# kvlint's working tree is snapshotted (see lib.sh; SNAPSHOT=head for
# committed Go code), and its scripts/npm-build.sh cross-compiles the six
# platform packages and packs them with the main package. Then, with npm
# kept off the network (--offline and a registry address that refuses
# connections), a scratch Worker project installs the main tarball plus this
# machine's platform tarball, and:
#   - npx kvlint reports the shortttl error (exit 1), passes a clean file
#     (exit 0), exits 2 on a bad flag, prints the packaged version
#   - the launcher passes arguments, exit codes and signals through
#     (KVLINT_BINARY pointing at small scripts)
#   - without the platform package (--omit=optional), npx kvlint exits 2 and
#     says how to fix it
# NPM_TEST_PLATFORMS=host builds only this machine's package (faster).
# shellcheck disable=SC2016 # single-quoted JavaScript and a literal $HOME
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

for tool in go node npm git tar; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
unset GITHUB_ACTIONS

version=0.1.0-test.1
host=$(node -p 'process.platform + "-" + process.arch')

# npm: never the network, and nothing from the user's cache or config.
export npm_config_registry=http://127.0.0.1:9/
export npm_config_offline=true
export npm_config_cache="$work/npm-cache"
export npm_config_userconfig="$work/npmrc"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
: > "$work/npmrc"

src="$work/kvlint"
snapshot "$src"

say "scripts/npm-build.sh (VERSION=v$version)"
build_args=()
if [ "${NPM_TEST_PLATFORMS:-all}" = host ]; then build_args=(--host); fi
VERSION="v$version" "$src/scripts/npm-build.sh" "${build_args[@]}" > "$work/build.out" 2>&1 ||
  { cat "$work/build.out" >&2; fail "npm-build.sh failed"; }
tarballs="$src/npm/dist/tarballs"
main_tgz="$tarballs/kvlint-$version.tgz"
host_tgz="$tarballs/kvlint-$host-$version.tgz"
[ -f "$main_tgz" ] || fail "no $main_tgz"
[ -f "$host_tgz" ] || fail "no $host_tgz (is $host a supported platform?)"

if [ "${NPM_TEST_PLATFORMS:-all}" != host ]; then
  say "six platform packages, each with the right binary"
  for p in linux-x64:linux/amd64 linux-arm64:linux/arm64 darwin-x64:darwin/amd64 \
           darwin-arm64:darwin/arm64 win32-x64:windows/amd64 win32-arm64:windows/arm64; do
    pkg=${p%%:*} goos=${p#*:} goos=${goos%/*} goarch=${p#*/}
    tgz="$tarballs/kvlint-$pkg-$version.tgz"
    [ -f "$tgz" ] || fail "no $tgz"
    exe=package/bin/kvlint
    [ "$goos" = windows ] && exe=package/bin/kvlint.exe
    tar -tvzf "$tgz" > "$work/list"
    grep -q -- "-rwxr-xr-x .* $exe\$" "$work/list" || { cat "$work/list" >&2; fail "$tgz: no executable $exe"; }
    assert_contains "$work/list" package/THIRD_PARTY_NOTICES.md
    assert_contains "$work/list" package/LICENSE
    rm -rf "$work/x" && mkdir "$work/x" && tar -xzf "$tgz" -C "$work/x"
    node -e '
      const [file, pkg, version] = process.argv.slice(1);
      const p = require(file);
      const [os, cpu] = pkg.split("-");
      const want = { name: "@kvlint/" + pkg, version, os: [os], cpu: [cpu], license: "MIT" };
      for (const [k, v] of Object.entries(want)) {
        if (JSON.stringify(p[k]) !== JSON.stringify(v)) {
          console.error(`${file}: ${k} is ${JSON.stringify(p[k])}, want ${JSON.stringify(v)}`);
          process.exit(1);
        }
      }' "$work/x/package/package.json" "$pkg" "$version" || fail "$pkg: package.json"
    go version -m "$work/x/$exe" > "$work/gov" || fail "$pkg: go version -m cannot read $exe"
    assert_contains "$work/gov" "GOOS=$goos"
    assert_contains "$work/gov" "GOARCH=$goarch"
    assert_contains "$work/gov" "CGO_ENABLED=0"
  done
fi

say "main package: launcher, version, optionalDependencies"
rm -rf "$work/x" && mkdir "$work/x" && tar -xzf "$main_tgz" -C "$work/x"
tar -tvzf "$main_tgz" > "$work/list"
grep -q -- "-rwxr-xr-x .* package/bin/kvlint.js\$" "$work/list" || { cat "$work/list" >&2; fail "bin/kvlint.js is not executable in $main_tgz"; }
node -e '
  const [file, version] = process.argv.slice(1);
  const p = require(file);
  const fail = (m) => { console.error(file + ": " + m); process.exit(1); };
  if (p.name !== "kvlint" || p.version !== version) fail(`is ${p.name}@${p.version}`);
  if (p.license !== "MIT") fail("license " + JSON.stringify(p.license));
  if (p.bin.kvlint !== "bin/kvlint.js") fail("bin");
  const deps = p.optionalDependencies;
  const want = ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "win32-arm64", "win32-x64"];
  if (JSON.stringify(Object.keys(deps).sort()) !== JSON.stringify(want.map((w) => "@kvlint/" + w)))
    fail("optionalDependencies " + JSON.stringify(deps));
  for (const v of Object.values(deps)) if (v !== version) fail("optional dependency version " + v);
' "$work/x/package/package.json" "$version" || fail "main package.json"

say "every package ships kvlint's LICENSE and esbuild's licence"
for tgz in "$tarballs"/*.tgz; do
  rm -rf "$work/lic" && mkdir "$work/lic" && tar -xzf "$tgz" -C "$work/lic"
  assert_contains "$work/lic/package/LICENSE" "MIT License"
  assert_contains "$work/lic/package/THIRD_PARTY_NOTICES.md" "## github.com/evanw/esbuild"
  assert_contains "$work/lic/package/THIRD_PARTY_NOTICES.md" "Copyright (c) 2020 Evan Wallace"
done

say "npm install the main and $host tarballs into a scratch Worker (offline)"
proj="$work/worker"
worker "$proj"
cd "$proj"
npm init -y > /dev/null
npm install --save-dev "$main_tgz" "$host_tgz" > "$work/install.out" 2>&1 ||
  { cat "$work/install.out" >&2; fail "npm install failed"; }
[ -x node_modules/.bin/kvlint ] || fail "no node_modules/.bin/kvlint"
installed=$(cd node_modules/@kvlint && echo *)
[ "$installed" = "$host" ] || fail "node_modules/@kvlint holds: $installed; want only $host"

say "npx kvlint src: shortttl error, exit 1"
set +e
npx kvlint src > "$work/bad.out" 2>&1
code=$?
set -e
assert_exit 1 "$code" "npx kvlint src"
assert_contains "$work/bad.out" "src/index.ts:7:37: error: expirationTtl 30 is below KV's minimum"
assert_contains "$work/bad.out" "(shortttl)"

say "npx kvlint src/clean.ts: exit 0"
npx kvlint src/clean.ts > "$work/clean.out" 2>&1 || { cat "$work/clean.out" >&2; fail "npx kvlint src/clean.ts: exit $?"; }

say "npx kvlint --format json src: findings on stdout"
set +e
npx kvlint --format json src > "$work/json.out" 2> "$work/json.err"
code=$?
set -e
assert_exit 1 "$code" "npx kvlint --format json src"
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$work/json.out" ||
  fail "--format json output is not JSON"
assert_contains "$work/json.out" shortttl

say "npx kvlint --version; a bad flag exits 2"
npx kvlint --version > "$work/version.out"
assert_contains "$work/version.out" "kvlint $version"
set +e
npx kvlint --no-such-flag > "$work/flag.out" 2>&1
code=$?
set -e
assert_exit 2 "$code" "npx kvlint --no-such-flag"

say "launcher: arguments, exit codes and signals pass through (the shell prints \"Terminated\" once)"
fake="$work/fake"
mkdir -p "$fake"
cat > "$fake/args" <<'EOF'
#!/bin/sh
for a in "$@"; do printf '<%s>\n' "$a"; done
exit 7
EOF
cat > "$fake/selfkill" <<'EOF'
#!/bin/sh
kill -TERM $$
sleep 5
EOF
cat > "$fake/wait" <<'EOF'
#!/usr/bin/env bash
trap 'echo got-SIGTERM; exit 42' TERM
echo ready
sleep 30 & wait
EOF
chmod +x "$fake"/*
launcher="$proj/node_modules/kvlint/bin/kvlint.js"
set +e
KVLINT_BINARY="$fake/args" node "$launcher" "a b" "" '$HOME' > "$work/args.out"
code=$?
set -e
assert_exit 7 "$code" "exit code through the launcher"
[ "$(cat "$work/args.out")" = "$(printf '<a b>\n<>\n<$HOME>')" ] || { cat "$work/args.out" >&2; fail "arguments changed on the way"; }

set +e
KVLINT_BINARY="$fake/selfkill" node "$launcher"
code=$?
set -e
assert_exit 143 "$code" "binary killed by SIGTERM: the launcher dies of SIGTERM too"

KVLINT_BINARY="$fake/wait" node "$launcher" > "$work/wait.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q ready "$work/wait.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/wait.out" || fail "the fake binary did not start"
kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
assert_exit 42 "$code" "SIGTERM to the launcher reaches kvlint"
assert_contains "$work/wait.out" got-SIGTERM

say "without the platform package: exit 2 and a clear message"
proj2="$work/worker-no-platform"
worker "$proj2"
cd "$proj2"
npm init -y > /dev/null
npm install --save-dev --omit=optional "$main_tgz" > "$work/install2.out" 2>&1 ||
  { cat "$work/install2.out" >&2; fail "npm install of the main package alone failed"; }
[ ! -e "node_modules/@kvlint/$host" ] || fail "node_modules/@kvlint/$host is installed"
set +e
npx kvlint src > "$work/missing.out" 2>&1
code=$?
set -e
assert_exit 2 "$code" "npx kvlint without the platform package"
assert_contains "$work/missing.out" "the package @kvlint/$host, which holds kvlint's binary for $host, is not installed"
assert_contains "$work/missing.out" "npm install --include=optional --save-dev kvlint"

say "PASS"
