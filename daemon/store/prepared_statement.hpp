// Runs a statement as one of the connection's prepared statements, so that the statements a
// batch repeats are parsed and planned once per connection rather than once per batch.
//
// Why it matters: planning the metric query for 500 customers takes about 5 ms (the planner
// estimates every element of the customer array), against 80-100 ms to run it; for the few
// customers of a batch under a steady stream of events, 1.4 of 3.2 ms (on a copy of the
// benchmark's database of a million customers: EXPLAIN's planning time, and the query timed
// as text against prepared with a generic plan). The daemon's batch connections ask for
// generic plans (see plan_for_small_batches), which the statements run here are written
// for: their customers come as one array parameter.
#pragma once

#include <pqxx/transaction_base>
#include <string>
#include <utility>

#include "store/sql_queries.hpp"

namespace tierd {

// `name` must stand for one `sql` text on every connection (e.g. the query file's name).
template <typename... Args>
pqxx::result exec_prepared_statement(pqxx::transaction_base& tx, const std::string& name,
                                     const std::string& sql, Args&&... args) {
    // Only records the definition (again, if already known); libpqxx sends it to the server
    // at its first use on this connection, and again on a new connection.
    tx.conn().prepare(name, sql);
    return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// The query sql/queries/<query>.sql, prepared under its name.
template <typename... Args>
pqxx::result exec_prepared_query(pqxx::transaction_base& tx, const SqlQueries& queries,
                                 const std::string& query, Args&&... args) {
    return exec_prepared_statement(tx, "tierd " + query, queries.get(query),
                                   std::forward<Args>(args)...);
}

}  // namespace tierd
