#!/bin/bash
# Builds the policy loader fuzz target with clang (libFuzzer, AddressSanitizer, UBSan) and
# runs it for a bounded time from the shipped policies, the bad-policy fixtures and the
# seeds of tests/fuzz/seeds/ (UTF-8 names and rules, attributes and texts).
#   run_fuzz.sh BUILD_DIR SECONDS
set -euo pipefail
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?BUILD_DIR}
SECONDS_TO_RUN=${2:-60}
mkdir -p "$BUILD/fuzz/corpus"
cp "$SOURCE"/config/policies/*.yaml "$SOURCE"/tests/fixtures/policies/*.yaml \
    "$SOURCE"/tests/fuzz/seeds/*.yaml "$BUILD/fuzz/corpus/"

sources=(
    "$SOURCE"/daemon/policy/*.cpp "$SOURCE"/daemon/rules/*.cpp
    "$SOURCE"/daemon/core/errors.cpp "$SOURCE"/daemon/core/sha256.cpp "$SOURCE"/daemon/core/utf8.cpp
    "$SOURCE"/daemon/core/readable_number.cpp
)
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$SOURCE/daemon" "$SOURCE/tests/fuzz/policy_loader_fuzz.cpp" "${sources[@]}" \
    -lyaml-cpp -lfmt -lcrypto -o "$BUILD/fuzz/policy_loader_fuzz"

cd "$BUILD/fuzz"
# -timeout: an input taking over 5 s counts as a hang; -rss_limit_mb bounds memory.
./policy_loader_fuzz -max_total_time="$SECONDS_TO_RUN" -timeout=5 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 corpus 2>&1 | tail -n 25
echo "policy loader fuzzing: no crash, hang or sanitizer report in $SECONDS_TO_RUN s"
