#!/usr/bin/env bash
# Builds a profile-guided (PGO) release binary of kring: an instrumented build first, which
# builds a generated knowledge base and the demo to record where the time goes, then a build
# optimised with that profile. About two thirds of a build's CPU is in other crates (Pagefind's
# word processing, its gzip, the Dutch stemmer); PGO reaches those too, without changing them.
# For binaries that are handed out; `cargo build --release` stays the everyday build.
# Usage: bash scripts/pgo.sh   -> target/pgo/kring (about 10 minutes on 2 cores)
# Checks at the end that the PGO binary's output equals the plain release binary's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/pgo
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  command -v rustup >/dev/null \
    || { echo "scripts/pgo.sh: llvm-profdata is missing and rustup is not there to add it" >&2; exit 1; }
  rustup component add llvm-tools
fi

# --target: the flags reach kring and its dependencies, not build scripts and proc macros.
build() { # build RUSTFLAG TARGET_DIR
  RUSTFLAGS="${RUSTFLAGS:-} $1" cargo build --release --quiet --target "$host" --target-dir "$2"
}
rm -rf "$work/profiles" "$work/train"
mkdir -p "$work/profiles" "$work/train"
build "-Cprofile-generate=$work/profiles" "$work/gen"

# Training: a generated knowledge base (another seed than the benchmarks' 42) and the demo,
# each built with its search index.
cargo build --release --quiet --example gen_corpus
./target/release/examples/gen_corpus --pages 2000 --out "$work/train/kb" --seed 7 >/dev/null
export LLVM_PROFILE_FILE="$work/profiles/kring-%p-%m.profraw"
for site in "$work/train/kb" "$root"; do
  "$work/gen/$host/release/kring" --root "$site" build --out "$work/train/out" >/dev/null
  rm -rf "$work/train/out"
done
unset LLVM_PROFILE_FILE
"$profdata" merge -o "$work/kring.profdata" "$work/profiles"

build "-Cprofile-use=$work/kring.profdata" "$work/use"
cp "$work/use/$host/release/kring" "$work/kring"

# The same site from the plain and the PGO binary, byte for byte.
cargo build --release --quiet
"$root/target/release/kring" --root "$root" build --out "$work/train/plain" >/dev/null
"$work/kring" --root "$root" build --out "$work/train/pgo" >/dev/null
diff -r "$work/train/plain" "$work/train/pgo" >/dev/null \
  || { echo "scripts/pgo.sh: the PGO binary builds the demo differently" >&2; exit 1; }
rm -rf "$work/train"
echo "PGO binary: target/pgo/kring"
