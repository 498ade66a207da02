#!/bin/bash
# Runs tierd's benchmark (bench/bench.py: what it measures and its options) on a PostgreSQL
# cluster of its own with durable commits, after installing what is missing and building.
#   bench/run.sh             1,000,000 customers, 10,000,000 invoices (about 35 minutes)
#   bench/run.sh --smoke     every phase on a small database, in about a minute
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh >/dev/null
exec /usr/bin/python3 bench/bench.py "$@"
