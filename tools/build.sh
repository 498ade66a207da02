#!/bin/bash
# Configures and builds tierd, tierctl and the tests into build/ (RelWithDebInfo).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >build.cmake.log 2>&1 ||
    { cat build.cmake.log >&2; exit 1; }
rm -f build.cmake.log
cmake --build build -j"$(nproc)"
