#!/bin/bash
# The whole test suite: installs what is missing, builds, then runs every test with CTest:
# GoogleTest unit tests, and integration tests against a throwaway PostgreSQL cluster
# (started and stopped by the suite itself) with a real Tryton database.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
cd build
ctest --output-on-failure --parallel 2 "$@"
