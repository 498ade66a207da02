#!/bin/bash
# Builds the Debian package: tools/package.sh [BUILD_DIR] -> BUILD_DIR/tierd_<version>_amd64.deb
# (BUILD_DIR defaults to build/; configured as a release build if it is not configured yet).
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${1:-$source_dir/build}"

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build_dir" -j"$(nproc)"
rm -f "$build_dir"/tierd_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls "$build_dir"/tierd_*.deb
