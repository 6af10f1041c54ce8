#!/usr/bin/env bash
# Benchmark kring on generated knowledge bases of 1,000 and 10,000 pages: wall time, pages per
# second, peak RSS (/usr/bin/time -v), output size and time per build phase. Usage:
#   bash bench/run.sh [runs]        (default 3 runs per size; medians are reported)
# A benchmark, not a test: it never fails because a machine is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pages in 1000 10000; do
  ./target/release/examples/gen_corpus --pages "$pages" --out "$work/kb$pages" --seed 42 >/dev/null
  for r in $(seq "$runs"); do
    rm -rf "$work/out$pages"
    KRING_TIMINGS=1 /usr/bin/time -v ./target/release/kring --root "$work/kb$pages" build --out "$work/out$pages" \
      2> "$work/log$pages.$r" >/dev/null || { cat "$work/log$pages.$r"; exit 1; }
  done
  for r in $(seq "$runs"); do
    wall=$(grep 'Elapsed (wall clock)' "$work/log$pages.$r" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$work/log$pages.$r" | awk '{print $NF}')
    summary=$(grep "pagina's in" "$work/log$pages.$r")
    phases=$(grep "^stappen:" "$work/log$pages.$r")
    echo "$pages pages run $r: wall $wall, peak RSS $((rss / 1024)) MB; $summary"
    echo "  $phases"
  done
  echo "$pages pages output: $(du -sh "$work/out$pages" | cut -f1), $(find "$work/out$pages" -type f | wc -l) files"
done
# Incremental rebuild in a running `kring serve`: save-to-reload time for text edits of one page.
if command -v python3 >/dev/null; then
  echo "serve, 10000 pages, text edits of praktijken/praktijk-1.md:"
  python3 bench/serve_latency.py "$work/kb10000" praktijken/praktijk-1.md 18555 6 body | tail -1
fi
