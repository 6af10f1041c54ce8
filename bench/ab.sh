#!/usr/bin/env bash
# Interleaved A/B of two kring binaries on one knowledge base: builds A, B, A, B, ... into a
# fresh output folder each time, so both meet the same drift of a shared machine, and prints
# wall, user and system seconds, peak RSS (MiB) and minor page faults per build, then the
# medians. Usage:
#   bash bench/ab.sh ROOT N BINARY_A BINARY_B [build arguments...]
# e.g. bash bench/ab.sh /dev/shm/kb10k 6 /tmp/kring-old target/release/kring --no-search
# A benchmark, not a test.
set -euo pipefail
root=$1; n=$2; a=$3; b=$4; shift 4
out=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kring-ab.XXXXXX")
trap 'rm -rf "$out"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
for i in $(seq "$n"); do
  for bin in "$a" "$b"; do
    rm -rf "$out/public"
    /usr/bin/time -f "%e %U %S %M %R" -o "$out/t" "$bin" --root "$root" build --out "$out/public" "$@" \
      >/dev/null 2>"$out/err" || { cat "$out/err"; exit 1; }
    read -r wall user sys rss faults < "$out/t"
    echo "$bin $wall $user $sys $((rss / 1024)) $faults"
  done
done | tee "$out/all" | awk '{ printf "%-28s wall %6.2f s  user %6.2f s  sys %5.2f s  peak %5d MiB  faults %8d\n", $1, $2, $3, $4, $5, $6 }'
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for bin in "$a" "$b"; do
  rows=$(awk -v b="$bin" '$1 == b' "$out/all")
  printf '%-28s median wall %s s, user %s s, sys %s s, peak %s MiB, faults %s\n' "$bin" \
    "$(awk '{print $2}' <<<"$rows" | median)" "$(awk '{print $3}' <<<"$rows" | median)" \
    "$(awk '{print $4}' <<<"$rows" | median)" "$(awk '{print $5}' <<<"$rows" | median)" \
    "$(awk '{print $6}' <<<"$rows" | median)"
done
