#!/usr/bin/env bash
# kvlint's editor and incremental benchmarks, run by bench/run.sh (`make
# bench`) after its corpus timings, or alone once that corpus exists:
#   1. `kvlint lsp`: didChange -> diagnostics p50/p95 (warm) in an open file
#      of a generated 1,000-file monorepo of 20 Workers (benchtool lsp);
#      target: p95 under 50 ms
#   2. one file named on the command line in a Worker project that vendors
#      20 MB of libraries (the corpus's npm sources under vendor/), median
#      of RUNS; target: under 200 ms
#   3. --cache on (a copy of) the whole corpus: a cold run (no cache), a
#      warm re-run of the unchanged tree (target: under 20% of cold), and a
#      run after editing one file; medians of CACHE_ROUNDS rounds
# Environment: KVLINT_BENCH_DIR (default ~/.cache/kvlint-bench), KVLINT and
# BENCHTOOL (the binaries; built when unset), RUNS (default 11),
# CACHE_ROUNDS (default 3), LSP_EDITS (default 200).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${KVLINT_BENCH_DIR:-$HOME/.cache/kvlint-bench}
GO=${GO:-go}
RUNS=${RUNS:-11}
CACHE_ROUNDS=${CACHE_ROUNDS:-3}
LSP_EDITS=${LSP_EDITS:-200}
CORPUS=$WORK/corpus

log() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

[ -d "$CORPUS/npm" ] || die "no corpus in $CORPUS: run make bench (bench/run.sh) first"
mkdir -p "$WORK/bin"
if [ -z "${KVLINT:-}" ]; then
	make -C "$ROOT" --no-print-directory build >&2
	KVLINT=$ROOT/bin/kvlint
fi
if [ -z "${BENCHTOOL:-}" ]; then
	(cd "$ROOT" && "$GO" build -o "$WORK/bin/benchtool" ./bench/benchtool)
	BENCHTOOL=$WORK/bin/benchtool
fi

# median of the numbers on standard input
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else print a[int((NR + 1) / 2)] }'; }
# now: nanoseconds
now() { date +%s%N; }
ms() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", (e - s) / 1e6 }'; }

echo
echo "Editor and incremental runs"

# --- 1. the language server on a 1,000-file monorepo -------------------------

MONO=$WORK/lsp-monorepo
if [ ! -f "$MONO/.stamp" ]; then
	rm -rf "$MONO"
	"$BENCHTOOL" synth -out "$MONO" -projects 20 -files 50 -seed 7 >&2
	touch "$MONO/.stamp"
fi
log "kvlint lsp: $LSP_EDITS edits of an open file in a 1,000-file monorepo"
"$BENCHTOOL" lsp -kvlint "$KVLINT" -root "$MONO" -file p007/src/index.ts -n "$LSP_EDITS" -warmup 20 |
	sed 's/$/ (1,000 files, 20 Workers; target p95 < 50 ms)/'

# --- 2. one named file in a project vendoring 20 MB ----------------------------

VEND=$WORK/vendored
if [ ! -f "$VEND/.stamp" ]; then
	rm -rf "$VEND"
	mkdir -p "$VEND/vendor"
	cp -R "$CORPUS/synth/p000/." "$VEND/"
	for d in "$CORPUS"/npm/*/; do
		[ "$(du -sb "$VEND/vendor" | cut -f1)" -ge 20000000 ] && break
		[ "$(basename "$d")" = cloudflare-workers-types ] && continue # Worker types, not a library
		cp -R "$d" "$VEND/vendor/"
	done
	touch "$VEND/.stamp"
fi
vbytes=$(du -sb "$VEND/vendor" | cut -f1)
log "one named file in a project vendoring $((vbytes / 1000000)) MB: $RUNS runs"
(cd "$VEND" && "$KVLINT" src/index.ts >/dev/null 2>&1) || true
times=() cpu=()
for _ in $(seq 1 "$RUNS"); do
	s=$(now)
	(cd "$VEND" && /usr/bin/time -f '%U %S' -o "$WORK/named.time" "$KVLINT" src/index.ts >/dev/null 2>&1) || true
	times+=("$(ms "$s" "$(now)")")
	cpu+=("$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$WORK/named.time")")
done
printf 'named file, project vendoring %d MB: median %s ms wall, %s ms CPU (user+sys) over %d runs (target < 200 ms)\n' \
	"$((vbytes / 1000000))" "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${cpu[@]}" | median)" "$RUNS"

# --- 3. --cache on the corpus ------------------------------------------------------

# On a copy of the corpus, which the edit changes (and undoes).
CC=$WORK/cache-corpus
if [ "$(cat "$CC/.stamp" 2>/dev/null)" != "$(cat "$WORK/corpus.stamp" 2>/dev/null)" ]; then
	rm -rf "$CC"
	cp -R "$CORPUS" "$CC"
	cp "$WORK/corpus.stamp" "$CC/.stamp" 2>/dev/null || touch "$CC/.stamp"
fi
CACHE=$WORK/cache-bench
EDIT=$CC/synth/p001/src/index.ts
log "--cache on the corpus: $CACHE_ROUNDS rounds of cold, warm and one-file-edited runs"
cold=() warm=() edited=()
for _ in $(seq 1 "$CACHE_ROUNDS"); do
	rm -rf "$CACHE"
	s=$(now)
	(cd "$CC" && "$KVLINT" --cache --cache-location "$CACHE" --format json . >/dev/null 2>&1) || true
	cold+=("$(ms "$s" "$(now)")")
	s=$(now)
	(cd "$CC" && "$KVLINT" --cache --cache-location "$CACHE" --format json . >/dev/null 2>&1) || true
	warm+=("$(ms "$s" "$(now)")")
	cp "$EDIT" "$WORK/edit.bak"
	printf '\nexport const benchEdit = %s;\n' "$(now)" >>"$EDIT"
	s=$(now)
	(cd "$CC" && "$KVLINT" --cache --cache-location "$CACHE" --format json . >/dev/null 2>&1) || true
	edited+=("$(ms "$s" "$(now)")")
	cp "$WORK/edit.bak" "$EDIT"
done
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
e=$(printf '%s\n' "${edited[@]}" | median)
awk -v c="$c" -v w="$w" -v e="$e" -v n="$CACHE_ROUNDS" 'BEGIN {
	printf "--cache on the corpus: cold %.0f ms, warm %.0f ms (%.0f%% of cold; target < 20%%), one file edited %.0f ms (%.0f%%); medians of %d rounds\n", c, w, 100 * w / c, e, 100 * e / c, n
}'
rm -rf "$CACHE" "$WORK/edit.bak"
