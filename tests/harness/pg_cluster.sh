#!/bin/bash
# Starts and stops a throwaway PostgreSQL 15 cluster for tests, benchmarks and the demo.
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
#
#   pg_cluster.sh start DIR PORT   initdb (trust auth, fsync off) in DIR and start on PORT;
#                                  settings in $PG_CLUSTER_EXTRA_CONF are appended (later
#                                  lines win: the benchmarks turn fsync back on)
#   pg_cluster.sh stop DIR         stop the cluster in DIR (fast shutdown) and remove DIR
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_cluster_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_cluster() {
    local dir=$1 port=$2
    stop_cluster "$dir" # a cluster left behind by an interrupted run
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    as_cluster_owner "$PG_BIN/initdb" --pgdata="$dir/data" --auth=trust --username=postgres \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { echo "pg_cluster: initdb failed, see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
log_min_messages = warning
track_commit_timestamp = on
${PG_CLUSTER_EXTRA_CONF:-}
CONF
    as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
        --wait --timeout=120 start >/dev/null ||
        { echo "pg_cluster: server did not start, see $dir/server.log" >&2; cat "$dir/server.log" >&2; exit 1; }
    "$PG_BIN/pg_isready" --host=127.0.0.1 --port="$port" --timeout=120 >/dev/null
    echo "pg_cluster: PostgreSQL running on 127.0.0.1:$port (data in $dir)"
}

stop_cluster() {
    local dir=$1
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start_cluster "${2:?DIR}" "${3:?PORT}" ;;
stop) stop_cluster "${2:?DIR}" ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
