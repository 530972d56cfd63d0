#!/usr/bin/env bash
# Builds kvlint's npm packages into npm/dist (git-ignored):
#
#   npm/dist/<os>-<cpu>/      @kvlint/<os>-<cpu>: bin/kvlint[.exe], a static
#                             (CGO_ENABLED=0) build for that platform
#   npm/dist/kvlint/          kvlint: the launcher (npm/kvlint), with its
#                             version and its optionalDependencies' set
#   npm/dist/tarballs/*.tgz   `npm pack` of each, ready for `npm publish`
#
#   scripts/npm-build.sh [--host | PLATFORM...]
#
# PLATFORM is a package suffix such as linux-x64; the default is every
# @kvlint/* package in npm/kvlint/package.json's optionalDependencies (the
# list of platforms lives there and in bin/kvlint.js). --host builds only
# this machine's, for tests.
#
# VERSION (environment) is the packages' version, a semver with an optional
# leading "v" (a git tag); the default is npm/kvlint/package.json's. It is
# also what `kvlint --version` prints.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/npm/kvlint"
dist="$root/npm/dist"
tarballs="$dist/tarballs"

die() { echo "npm-build: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not installed"
command -v node >/dev/null 2>&1 || die "node is not installed"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

version=${VERSION:-$(node -p 'require(process.argv[1]).version' "$src/package.json")}
version=${version#v}
semver='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'
[[ "$version" =~ $semver ]] || die "VERSION \"$version\" is not a semver version (like 1.2.3 or 1.2.3-rc.1)"

# Every platform package named in optionalDependencies, as "linux-x64" etc.
all=$(node -e '
  const deps = require(process.argv[1]).optionalDependencies || {};
  for (const name of Object.keys(deps)) {
    if (name.startsWith("@kvlint/")) console.log(name.slice("@kvlint/".length));
  }' "$src/package.json")

platforms=()
if [ "${1:-}" = --host ]; then
  platforms=("$(node -p 'process.platform + "-" + process.arch')")
elif [ $# -gt 0 ]; then
  platforms=("$@")
else
  read -r -d '' -a platforms <<< "$all" || true
fi
for p in "${platforms[@]}"; do
  grep -qx -- "$p" <<< "$all" || die "$p is not a platform of npm/kvlint/package.json (there are: ${all//$'\n'/ })"
done

goos() {
  case "$1" in
    linux) echo linux ;; darwin) echo darwin ;; win32) echo windows ;;
    *) die "no GOOS for node platform $1" ;;
  esac
}
goarch() {
  case "$1" in
    x64) echo amd64 ;; arm64) echo arm64 ;;
    *) die "no GOARCH for node arch $1" ;;
  esac
}

cd "$root"
echo "npm-build: kvlint $version for ${platforms[*]}"
go run ./parser/gen

rm -rf "$dist"
mkdir -p "$tarballs"

# Licences of what the binary contains: kvlint's Go dependencies (from the
# module cache) and esbuild's parser (generated into internal/esbuild).
notices="$dist/THIRD_PARTY_NOTICES.md"
{
  echo "# Third-party notices"
  echo
  echo "kvlint is MIT-licensed (LICENSE). The kvlint binary contains code"
  echo "from the following projects, under their own licences."
  echo
  echo "## github.com/evanw/esbuild (parser, copied into internal/esbuild)"
  echo
  cat internal/esbuild/LICENSE.md
  go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Dir}}{{end}}{{end}}' ./cmd/kvlint | sort -u |
    while read -r mod dir; do
      lic=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'LICENCE*' -o -iname 'COPYING*' \) | sort | head -1)
      [ -n "$lic" ] || die "no licence file found for $mod in $dir"
      echo
      echo "## $mod"
      echo
      cat "$lic"
    done
} > "$notices"

pkgjson() { # pkgjson FILE NODE-EXPRESSION-ON-p: edit a package.json in place
  node -e '
    const fs = require("fs");
    const [file, version, expr] = process.argv.slice(1);
    const p = JSON.parse(fs.readFileSync(file, "utf8"));
    new Function("p", "version", expr)(p, version);
    fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
  ' "$1" "$version" "$2"
}

for p in "${platforms[@]}"; do
  nodeos=${p%-*} nodecpu=${p#*-}
  dir="$dist/$p"
  exe=
  [ "$nodeos" = win32 ] && exe=.exe
  mkdir -p "$dir/bin"
  echo "npm-build: $p (GOOS=$(goos "$nodeos") GOARCH=$(goarch "$nodecpu"))"
  CGO_ENABLED=0 GOOS=$(goos "$nodeos") GOARCH=$(goarch "$nodecpu") \
    go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$dir/bin/kvlint$exe" ./cmd/kvlint
  chmod 755 "$dir/bin/kvlint$exe"
  cp "$notices" "$dir/THIRD_PARTY_NOTICES.md"
  cp LICENSE "$dir/LICENSE"
  cat > "$dir/README.md" <<EOF
# @kvlint/$p

The kvlint binary for $nodeos on $nodecpu. Install
[kvlint](https://www.npmjs.com/package/kvlint) instead, which picks the
right one of these packages for your machine.
EOF
  printf '{}\n' > "$dir/package.json"
  MAIN_PACKAGE_JSON="$src/package.json" pkgjson "$dir/package.json" "
    const main = require(process.env.MAIN_PACKAGE_JSON);
    p.name = '@kvlint/$p';
    p.version = version;
    p.description = 'The $nodeos $nodecpu binary of kvlint, a linter for Cloudflare Workers KV misuse';
    p.license = main.license;
    p.homepage = main.homepage;
    p.repository = main.repository;
    p.os = ['$nodeos'];
    p.cpu = ['$nodecpu'];
    p.files = ['bin/', 'LICENSE', 'THIRD_PARTY_NOTICES.md'];
    p.preferUnplugged = true;
  "
done

mkdir -p "$dist/kvlint/bin"
cp "$src/bin/kvlint.js" "$dist/kvlint/bin/kvlint.js"
chmod 755 "$dist/kvlint/bin/kvlint.js"
cp "$src/README.md" "$src/package.json" "$dist/kvlint/"
# kvlint's licence, and the notices of what its binaries contain (esbuild's
# parser among them), in the main package too.
cp LICENSE "$dist/kvlint/LICENSE"
cp "$notices" "$dist/kvlint/THIRD_PARTY_NOTICES.md"
pkgjson "$dist/kvlint/package.json" "
  p.version = version;
  for (const name of Object.keys(p.optionalDependencies || {})) p.optionalDependencies[name] = version;
"

for dir in "${platforms[@]}" kvlint; do
  (cd "$tarballs" && npm pack --silent "$dist/$dir" >/dev/null)
done
echo "npm-build: packed into ${tarballs#"$root"/}:"
(cd "$tarballs" && ls -l -- *.tgz)
