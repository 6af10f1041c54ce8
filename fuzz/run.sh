#!/usr/bin/env bash
# Runs each fuzz target of kring for SECONDS (default 60), one after the other, one process at a
# time and niced, so the machine stays usable. TARGETS="markdown site" picks some. Needs the nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Corpora start from the demo content (fuzz/corpus/, not in git). A crash is saved under
# fuzz/artifacts/<target>/; once fixed, copy it to tests/fuzz_regressions/<target>/ so that
# `cargo test` keeps feeding it through the same code. Logs: fuzz/artifacts/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
read -r -a targets <<<"${TARGETS:-front_matter markdown site privacy config}"
repo=..

seed() {
  local dir=corpus/$1
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return 0
  mkdir -p "$dir"
  case "$1" in
    front_matter) # first byte: the folder (and so the type) the page is placed in
      local i=0
      for s in gemeenten casussen methoden praktijken teams themas begrippen bijeenkomsten; do
        for f in "$repo/content/$s"/*.md; do
          { printf "\\x$(printf %02x $i)"; cat "$f"; } >"$dir/$s-$(basename "$f")"
        done
        i=$((i + 1))
      done ;;
    markdown | site) # bodies only: the target adds its own front matter
      for f in "$repo"/content/*/*.md; do
        sed '1,/^+++$/d' "$f" >"$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
      done ;;
    privacy)
      cp "$repo"/content/casussen/*.md "$dir/"
      # the labelled snippets of the scanner's own tests, one file each
      grep -v '^#' "$repo/tests/privacy/labelled.tsv" | cut -f2- | split -l 1 - "$dir/snippet-" ;;
    config)
      cp "$repo/kring.toml" "$dir/demo.toml"
      for f in "$repo"/tests/fixtures/*/kring.toml "$repo"/tests/fixtures/*/*/kring.toml; do
        cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
  esac
}

# Build once, then run the binaries themselves: a source change made while the fuzzers run does
# not start a second build half-way.
nice -n 10 cargo +nightly fuzz build
bin=target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "artifacts/$t"
  echo "== $t: $secs s"
  nice -n 10 "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    >"artifacts/$t.log" 2>&1 || echo "$t stopped with a finding: see artifacts/$t.log"
  grep -E "^#[0-9]+.*DONE|^Done|stat::number_of_executed_units|SUMMARY" "artifacts/$t.log" || true
done
