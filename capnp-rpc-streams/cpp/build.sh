#!/usr/bin/env bash
# Builds the C++ conformance peer (capnp-conformance) against the system libcapnp-rpc.
#
#   capnp-rpc-streams/cpp/build.sh [OUTDIR]
#
# OUTDIR defaults to capnp-rpc-streams/target/cpp. A relative OUTDIR is taken relative to
# the caller's working directory. The schema is the shared interop contract
# <repo root>/../shared/interop/conformance.capnp (override with CAPNP_CONFORMANCE_SCHEMA).
# Nothing is rebuilt when the binary is newer than this script, the peer source and the schema.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module_dir="$(dirname "$script_dir")"
repo_root="$(dirname "$module_dir")"

schema="${CAPNP_CONFORMANCE_SCHEMA:-$repo_root/../shared/interop/conformance.capnp}"
source_file="$script_dir/conformance_peer.c++"
outdir="${1:-$module_dir/target/cpp}"

fail() {
  echo "build.sh: $*" >&2
  exit 1
}

[[ -f "$schema" ]] || fail "schema not found: $schema"
schema="$(cd "$(dirname "$schema")" && pwd)/$(basename "$schema")"
schema_dir="$(dirname "$schema")"

command -v g++ >/dev/null 2>&1 || fail "g++ not found (install g++, e.g. apt-get install -y g++)"
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config not found (apt-get install -y pkg-config)"
pkg-config --exists capnp-rpc || fail "pkg-config cannot find capnp-rpc (apt-get install -y capnproto libcapnp-dev)"
command -v capnp >/dev/null 2>&1 || fail "capnp compiler not found (apt-get install -y capnproto)"

mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
binary="$outdir/capnp-conformance"

if [[ -x "$binary" && "$binary" -nt "$source_file" && "$binary" -nt "$schema" \
      && "$binary" -nt "${BASH_SOURCE[0]}" ]]; then
  echo "build.sh: $binary is up to date"
  exit 0
fi

capnp compile "-oc++:$outdir" "--src-prefix=$schema_dir" "$schema" \
  || fail "capnp compile failed for $schema"

# shellcheck disable=SC2046  # pkg-config output must split into separate flags
g++ -O2 -std=c++17 -pthread -Wall -Wno-unused-parameter \
  -I "$outdir" \
  -o "$binary.tmp" \
  "$source_file" "$outdir/conformance.capnp.c++" \
  $(pkg-config --cflags --libs capnp-rpc) \
  || fail "g++ failed"
mv -f "$binary.tmp" "$binary"
echo "build.sh: built $binary"
