#!/usr/bin/env bash
# kvlint's benchmark (`make bench`): times kvlint against ast-grep, a
# pattern-based peer running rules that approximate kvlint's checks
# (bench/astgrep/kv-rules.yml), and against kvlint's own parser limit
# (--parse-only), on one corpus of real npm sources and synthetic Workers.
#
# Everything downloaded or generated lives outside the repository, in
# $KVLINT_BENCH_DIR (default ~/.cache/kvlint-bench), and is reused by later
# runs while the pins below and the generator are unchanged:
#   tools/    ast-grep and esbuild, pinned, installed with npm
#   pack/     the pinned npm tarballs of the corpus
#   corpus/   npm/<package>/...  the JavaScript and TypeScript kvlint lints
#                                in those packages, copied into a plain tree
#             synth/pNNN/...     synthetic Worker projects (bench/synth)
#   results/  the timings of the last run
#
# Environment: ROUNDS (default 5) rounds of kvlint, ast-grep, kvlint
# --parse-only, kvlint --parse-all (no sifting) and esbuild, alternating;
# SMALL_RUNS (default 21) runs of kvlint on a 50-file project; PARSE_ALL=0
# skips the --parse-all runs and ESBUILD=0 the esbuild reference;
# RUN_TIMEOUT (seconds, default 3600) bounds each timed command;
# SCALING_RUNS (default 3) runs per size of the scaling cases.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${KVLINT_BENCH_DIR:-$HOME/.cache/kvlint-bench}
ROUNDS=${ROUNDS:-5}
SMALL_RUNS=${SMALL_RUNS:-21}
ESBUILD=${ESBUILD:-1}
PARSE_ALL=${PARSE_ALL:-1}
RUN_TIMEOUT=${RUN_TIMEOUT:-3600}
GO=${GO:-go}

# Peer tools, pinned.
AST_GREP_VERSION=0.51.1
ESBUILD_VERSION=0.28.2

# Corpus packages, pinned: libraries and tools that ship TypeScript or
# JavaScript sources (the generated declaration files, tests and minified
# bundles among them are left out, as kvlint leaves them out). wrangler is a
# 15 MB bundle (wrangler-dist/cli.js) that ast-grep refuses as too large,
# so it is removed (see below); three has 1-2 MB builds. typescript is
# left out: its lib is two 6-9 MB compiler bundles, not Worker code, that
# would be a fifth of the corpus.
CORPUS_PACKAGES=(
	effect@3.22.4
	three@0.187.0
	wrangler@4.164.0
	date-fns@4.4.0
	zod@4.6.7
	rxjs@7.8.2
	@tanstack/query-core@5.108.0
	hono@4.13.19
	lodash-es@4.18.1
	openai@7.57.0
	drizzle-orm@0.45.4
	@cloudflare/workers-types@5.20261117.1
)

# Synthetic Workers: projects x source files per project. Project p000 is
# the "50-file Worker project" of the wall-time target.
SYNTH_PROJECTS=80
SYNTH_FILES=50
SYNTH_SEED=1

MIN_CORPUS_BYTES=50000000

log() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

# --- prerequisites -----------------------------------------------------------

for cmd in node npm tar "$GO"; do
	command -v "$cmd" >/dev/null || die "$cmd is required"
done
if ! /usr/bin/time -v true >/dev/null 2>&1; then
	log "installing GNU time (Debian package 'time')"
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
	else
		sudo apt-get install -y time >/dev/null || { sudo apt-get update >/dev/null && sudo apt-get install -y time >/dev/null; }
	fi
	/usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time -v does not work"
fi

mkdir -p "$WORK"/{bin,tools,pack,pkgs,results}

log "building kvlint and the benchmark helper"
make -C "$ROOT" --no-print-directory build >&2
KVLINT=$ROOT/bin/kvlint
(cd "$ROOT" && "$GO" build -o "$WORK/bin/benchtool" ./bench/benchtool)
BENCHTOOL=$WORK/bin/benchtool

# --- peer tools --------------------------------------------------------------

TOOLS_STAMP="ast-grep=$AST_GREP_VERSION esbuild=$ESBUILD_VERSION"
if [ "$(cat "$WORK/tools/stamp" 2>/dev/null)" != "$TOOLS_STAMP" ]; then
	log "installing @ast-grep/cli@$AST_GREP_VERSION and esbuild@$ESBUILD_VERSION with npm"
	rm -rf "$WORK/tools"
	mkdir -p "$WORK/tools"
	printf '{ "name": "kvlint-bench-tools", "private": true }\n' >"$WORK/tools/package.json"
	# --ignore-scripts: both packages ship their native binary in a
	# platform package (an optional dependency), which is all we run.
	(cd "$WORK/tools" && npm install --ignore-scripts --no-audit --no-fund --save-exact --loglevel=error \
		"@ast-grep/cli@$AST_GREP_VERSION" "esbuild@$ESBUILD_VERSION" >&2)
	echo "$TOOLS_STAMP" >"$WORK/tools/stamp"
fi
AST_GREP=$(find "$WORK/tools/node_modules/@ast-grep" -path '*/cli-*/ast-grep' -type f 2>/dev/null | head -n 1)
[ -n "$AST_GREP" ] || AST_GREP=$WORK/tools/node_modules/.bin/ast-grep
ESBUILD_BIN=$(find "$WORK/tools/node_modules/@esbuild" -path '*/bin/esbuild' -type f 2>/dev/null | head -n 1)
[ -n "$ESBUILD_BIN" ] || ESBUILD_BIN=$WORK/tools/node_modules/.bin/esbuild
"$AST_GREP" --version | grep -q "$AST_GREP_VERSION" || die "ast-grep is not $AST_GREP_VERSION: $("$AST_GREP" --version)"
[ "$("$ESBUILD_BIN" --version)" = "$ESBUILD_VERSION" ] || die "esbuild is not $ESBUILD_VERSION"

# --- corpus ------------------------------------------------------------------

CORPUS=$WORK/corpus
GEN_HASH=$(cat "$ROOT/bench/synth/synth.go" "$ROOT/bench/benchtool/main.go" | sha256sum | cut -c1-16)
CORPUS_STAMP="${CORPUS_PACKAGES[*]} synth=$SYNTH_PROJECTS/$SYNTH_FILES/$SYNTH_SEED gen=$GEN_HASH"
if [ "$(cat "$WORK/corpus.stamp" 2>/dev/null)" != "$CORPUS_STAMP" ]; then
	log "assembling the corpus in $CORPUS"
	rm -rf "$CORPUS" "$WORK/pkgs" "$WORK/corpus.stamp"
	mkdir -p "$CORPUS" "$WORK/pkgs"
	args=()
	for spec in "${CORPUS_PACKAGES[@]}"; do
		name=${spec%@*}
		version=${spec##*@}
		flat=$(echo "$name" | sed 's,^@,,; s,/,-,g')
		tgz=$WORK/pack/$flat-$version.tgz
		if [ ! -s "$tgz" ]; then
			log "  npm pack $spec"
			(cd "$WORK/pack" && npm pack --silent --loglevel=error "$spec" >/dev/null)
			[ -s "$tgz" ] || die "npm pack $spec did not produce $tgz"
		fi
		mkdir -p "$WORK/pkgs/$flat"
		tar -xzf "$tgz" -C "$WORK/pkgs/$flat" --strip-components=1 --no-same-owner
		args+=("$flat=$WORK/pkgs/$flat")
	done
	"$BENCHTOOL" corpus -out "$CORPUS/npm" "${args[@]}" >&2
	"$BENCHTOOL" synth -out "$CORPUS/synth" -projects "$SYNTH_PROJECTS" -files "$SYNTH_FILES" -seed "$SYNTH_SEED" >&2
	rm -rf "$WORK/pkgs"
	# kvlint also skips, by content, files it judges minified or binary
	# ("kvlint: FILE: skipped: ..."): remove them, so that every tool reads
	# exactly the files kvlint lints.
	(cd "$CORPUS" && "$KVLINT" --parse-only --format json . >/dev/null 2>"$WORK/skipped.txt") || true
	sed -n 's/^kvlint: \(.*\): skipped: .*/\1/p' "$WORK/skipped.txt" | while IFS= read -r f; do
		log "  removing $f (kvlint skips it: $(sed -n "s|^kvlint: $f: skipped: ||p" "$WORK/skipped.txt" | head -n 1))"
		rm -f "$CORPUS/$f"
	done
	# ast-grep skips files above its size limit (wrangler-dist/cli.js):
	# remove them too, so the head-to-head compares the same bytes.
	# (ast-grep exits 1: the corpus has error-level findings.)
	{ (cd "$CORPUS" && "$AST_GREP" scan --rule "$ROOT/bench/astgrep/kv-rules.yml" --inspect entity . 2>&1 >/dev/null) || true; } |
		sed -n 's/^sg: entity|file|\(.*\): skipped=fileTooLarge.*/\1/p' | while IFS= read -r f; do
		log "  removing $f (ast-grep skips it: file too large, $(wc -c <"$CORPUS/$f") bytes)"
		rm -f "$CORPUS/$f"
	done
	echo "$CORPUS_STAMP" >"$WORK/corpus.stamp"
fi
SMALL=$CORPUS/synth/p000

# What kvlint itself discovers (and so reads): files and bytes.
eval "$("$BENCHTOOL" stat "$CORPUS" | sed 's/^/corpus_/')"
eval "$("$BENCHTOOL" stat "$SMALL" | sed 's/^/small_/')"
# shellcheck disable=SC2154 # set by the evals above
{
	log "corpus: $corpus_files files, $corpus_bytes bytes kvlint reads ($corpus_decl_files declaration files, $corpus_decl_bytes bytes)"
	log "50-file project: $small_files files, $small_bytes bytes"
	[ "$corpus_bytes" -ge "$MIN_CORPUS_BYTES" ] || die "corpus is below $MIN_CORPUS_BYTES bytes"
	[ "$small_files" -eq 50 ] || die "the small project has $small_files files, not 50"
}

RULES=$ROOT/bench/astgrep/kv-rules.yml
RES=$WORK/results
rm -rf "${RES:?}"/*

# The reference for raw parse speed: esbuild's transform (parse and print,
# no bundling) of every file, through the npm package's API (esbuild's
# native binary), CONCURRENCY transforms in flight (bench/esbuild-transform.mjs).
# (The CLI with thousands of entry points runs a build instead: it links
# every entry point and holds all output, tens of GB on this corpus.)
esbuild_run() {
	node "$ROOT/bench/esbuild-transform.mjs" "$WORK/tools" .
}
export -f esbuild_run
export ROOT WORK

# --- one untimed pass: findings, and a check that the tools see the same files

log "checking the tools on the corpus (untimed; also warms the page cache)"
(cd "$CORPUS" && "$KVLINT" --format json . >"$RES/kvlint.json" 2>"$RES/kvlint.stderr") || [ $? -eq 1 ] || die "kvlint failed: $(tail -5 "$RES/kvlint.stderr")"
"$BENCHTOOL" count-kvlint "$RES/kvlint.json"
if grep -q ': skipped: ' "$RES/kvlint.stderr"; then
	log "warning: kvlint skipped files; the byte count includes them:"
	grep ': skipped: ' "$RES/kvlint.stderr" >&2
fi
(cd "$CORPUS" && "$AST_GREP" scan --rule "$RULES" --json=stream --inspect summary . >"$RES/ast-grep.json" 2>"$RES/ast-grep.stderr") || true
"$BENCHTOOL" count-astgrep "$RES/ast-grep.json"
scanned=$(sed -n 's/.*scannedFileCount=\([0-9]*\).*/\1/p' "$RES/ast-grep.stderr" | head -n 1)
# shellcheck disable=SC2154
if [ "$scanned" != "$corpus_files" ]; then
	log "warning: ast-grep scanned ${scanned:-?} files, kvlint $corpus_files"
else
	echo "ast-grep scans the same $scanned files"
fi
if [ "$ESBUILD" = 1 ]; then
	(cd "$CORPUS" && esbuild_run 2>&1) || die "esbuild failed"
fi

# --- timed rounds -------------------------------------------------------------

RESULTS=$RES/results.tsv
: >"$RESULTS"

# timed LABEL ROUND DIR CMD...: run CMD in DIR under /usr/bin/time -v, with
# output discarded, and append "label round wall user sys maxrss_kb exit".
timed() {
	local label=$1 round=$2 dir=$3
	shift 3
	local tv=$RES/time.txt start end code
	start=$(date +%s%N)
	(cd "$dir" && timeout "$RUN_TIMEOUT" /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>"$RES/$label.stderr") && code=0 || code=$?
	end=$(date +%s%N)
	local wall user sys rss
	wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }')
	user=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$tv" 2>/dev/null || true)
	sys=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$tv" 2>/dev/null || true)
	rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tv" 2>/dev/null || true)
	echo "$label $round $wall ${user:-0} ${sys:-0} ${rss:-0} $code" >>"$RESULTS"
	printf '  %-12s round %-2s %8.3f s %7d MB  exit %s\n' "$label" "$round" "$wall" "$((${rss:-0} / 1024))" "$code" >&2
	rm -f "$tv"
}


nproc=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "timing: $ROUNDS rounds of kvlint, ast-grep, kvlint --parse-only$([ "$PARSE_ALL" = 1 ] && echo ", kvlint --parse-all")$([ "$ESBUILD" = 1 ] && echo ", esbuild") on the corpus"
for round in $(seq 1 "$ROUNDS"); do
	timed kvlint "$round" "$CORPUS" "$KVLINT" --format json .
	timed ast-grep "$round" "$CORPUS" "$AST_GREP" scan --rule "$RULES" --json=stream .
	timed parse-only "$round" "$CORPUS" "$KVLINT" --parse-only --format json .
	if [ "$PARSE_ALL" = 1 ]; then
		timed parse-all "$round" "$CORPUS" "$KVLINT" --parse-all --format json .
	fi
	if [ "$ESBUILD" = 1 ]; then
		timed esbuild "$round" "$CORPUS" bash -c esbuild_run
	fi
done

log "timing: $SMALL_RUNS runs of kvlint on the 50-file project"
for run in $(seq 1 "$SMALL_RUNS"); do
	timed kvlint-50 "$run" "$SMALL" "$KVLINT" --format json .
done 2>/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "Machine: $nproc CPUs; load average $load_before before the timings, $load_after after."
echo "Versions: $("$KVLINT" --version), ast-grep $AST_GREP_VERSION, esbuild $ESBUILD_VERSION"
# shellcheck disable=SC2154
"$BENCHTOOL" summary -results "$RESULTS" -bytes "$corpus_bytes" -files "$corpus_files" \
	-small-bytes "$small_bytes" -small-files "$small_files"
echo
echo "Raw timings: $RESULTS"

# Editor and incremental runs: kvlint lsp, a named file, --cache.
KVLINT=$KVLINT BENCHTOOL=$BENCHTOOL bash "$ROOT/bench/incremental.sh"

# Scaling: the shapes that once went quadratic or exponential (key pairs,
# recursive helpers, import rings, string chains, config size) at n, 2n
# and 4n, with the ratios of their CPU times (2 is linear, 4 quadratic).
echo
log "scaling: kvlint's CPU time as inputs grow (bench/scaling)"
(cd "$ROOT" && "$GO" run ./bench/scaling -runs "${SCALING_RUNS:-3}" "$KVLINT")
