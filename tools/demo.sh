#!/bin/bash
# Shows tierd at work on a real Tryton database, from nothing: installs what is missing,
# builds, starts a throwaway PostgreSQL (as the postgres user, in a temporary directory),
# creates a Tryton database with a company, chart of accounts and customers, installs the
# plugin, starts tierd, then posts and pays invoices through Tryton (proteus) and prints
# each customer's tier and the audit log as they change. Everything is removed at the end
# unless --keep is given.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KEEP=false
[ "${1:-}" = "--keep" ] && KEEP=true

tools/install-deps.sh
tools/build.sh >/dev/null
echo "demo: tierd and tierctl built in build/bin"

export PGHOST=127.0.0.1 PGPORT=${TIERD_DEMO_PORT:-55434} PGUSER=postgres
CLUSTER=/tmp/tierd-demo-cluster
DB=tierd_demo
URI="postgresql://postgres@127.0.0.1:$PGPORT/$DB"            # the installer (owner)
DAEMON_URI="postgresql://tierd@127.0.0.1:$PGPORT/$DB"        # the daemon's own role
TIERCTL="$ROOT/build/bin/tierctl"
ERP="/usr/bin/python3 $ROOT/tests/tryton/cli.py $DB"
POLICY="$ROOT/config/policies/value_tiers.yaml"
DAEMON_LOG=/tmp/tierd-demo.log
DAEMON_PID=""

cleanup() {
    [ -n "$DAEMON_PID" ] && kill -TERM "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" || true
    if ! $KEEP; then tests/harness/pg_cluster.sh stop "$CLUSTER"; fi
}
trap cleanup EXIT

tests/harness/pg_cluster.sh start "$CLUSTER" "$PGPORT"
/usr/bin/python3 tests/tryton/create_template.py "$DB" 2> >(grep -v -i deprecat >&2)
"$TIERCTL" install --plugin tryton --db "$URI"
"$TIERCTL" policy check "$POLICY"

echo
echo "demo: starting tierd as role 'tierd', which can only do its job (log in $DAEMON_LOG)"
"$ROOT/build/bin/tierd" --db "$DAEMON_URI" --policy "$POLICY" >"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!

erp() { $ERP "$@" 2> >(grep -v -i -E "deprecat|crypt" >&2); }
declare -A NAME
show() {
    sleep 1.5
    for customer in "$@"; do
        printf '  %-12s tierd: %-18s Tryton category: %s\n' "${NAME[$customer]}" \
            "$("$TIERCTL" show "id:$customer" --db "$URI" | head -1 |
                sed 's/^.*, id [0-9]*) //; s/ since.*//')" \
            "$(erp categories "$customer" | paste -s -d ' ')"
    done
}
new_customer() { # VARIABLE NAME: creates the customer, stores its id in VARIABLE
    local id
    id=$(erp create-customer "$2")
    NAME[$id]=$2
    printf -v "$1" '%s' "$id"
}

echo "demo: three customers are created in Tryton; tierd classifies each at once"
new_customer acme Acme
new_customer bolt Bolt
new_customer cove Cove

show "$acme" "$bolt" "$cove"

# Tryton numbers invoices in date order, so the back-dated invoice comes first.
echo "demo: Cove is invoiced 120,000 sixty days ago, due in 30 days, and has not paid:"
echo "      revenue enough for A (100,000), but 120,000 overdue keeps it in B"
erp post-invoice "$cove" 120000 --date "$(date -d '60 days ago' +%F)" --due-days 30 >/dev/null
show "$cove"

echo "demo: Acme is invoiced 12,000 (tier B needs 10,000 of revenue in 365 days)"
erp post-invoice "$acme" 12000 >/dev/null
show "$acme"

echo "demo: Bolt is invoiced 150,000 and pays it at once: tier A"
invoice=$(erp post-invoice "$bolt" 150000)
erp pay-invoice "$invoice"
show "$bolt"

echo "demo: Cove pays its overdue invoice: nothing overdue any more, so A"
erp pay-invoice "$(erp invoices "$cove" | head -1)"
show "$cove"

echo
echo "demo: the audit log (tierctl audit), one row per change, hash-chained:"
"$TIERCTL" audit --db "$URI"
echo
"$TIERCTL" audit verify --db "$URI"
if $KEEP; then
    echo
    echo "demo: kept running: PostgreSQL on port $PGPORT (database $DB); tierd is stopped."
    echo "      stop the cluster with: tests/harness/pg_cluster.sh stop $CLUSTER"
fi
