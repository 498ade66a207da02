// Opening PostgreSQL connections with errors a person can act on (and no password in them).
#pragma once

#include <memory>
#include <pqxx/connection>
#include <string>

namespace tierd {

// Opens a connection to `uri` (a libpq URI or key=value string). `purpose` says why, for
// the error message: "cannot <purpose>: <cause>". Throws DatabaseError or UsageError.
std::unique_ptr<pqxx::connection> open_connection(const std::string& uri,
                                                  const std::string& purpose);

// The connection string with any password replaced by "***", for logs and errors.
std::string redact_connection_string(const std::string& uri);

// Sets up a connection of the daemon: named `application_name` in pg_stat_activity, and
// without parallel workers, which would take the ERP's cores to speed up work that can wait.
void prepare_daemon_session(pqxx::connection& connection,
                            const std::string& application_name = "tierd");

// Sets up the connection that evaluates batches: its queries look up a few hundred
// customers, for which index lookups are right, and PostgreSQL's estimates of an ERP's
// skewed data (a few customers with most invoices) can talk it into reading a whole table
// to hash it. Merge joins stay allowed, for the per-customer parts of the few hundred rows
// each step yields; a merge join with a whole table's index (read end to end) is the
// remaining trap, which the metric query avoids by looking such rows up (see the Tryton
// plugin's metrics.sql). JIT compilation is off: its estimate-driven cost added some 60% to
// the batch query's time. The full pass, which does read everything, runs elsewhere.
void plan_for_small_batches(pqxx::connection& connection);

}  // namespace tierd
