// Connection opening and redaction.
#include "store/connection.hpp"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "core/secret_mask.hpp"

namespace tierd {

std::string redact_connection_string(const std::string& uri) {
    return mask_passwords(uri);
}

std::unique_ptr<pqxx::connection> open_connection(const std::string& uri,
                                                  const std::string& purpose) {
    if (uri.empty()) {
        throw UsageError(
            "no database given to " + purpose,
            "pass --db postgresql://USER@HOST:PORT/DBNAME (or set TIERD_DB, or db in the "
            "daemon's tierd.conf)");
    }
    try {
        return std::make_unique<pqxx::connection>(uri);
    } catch (const pqxx::broken_connection& error) {
        // libpq's message runs over several lines ("...refused\n\tIs the server running"):
        // one line, so that the error stays one sentence and its HINT the line after it.
        std::string cause;
        for (const char c : std::string(error.what())) {
            const bool space = c == '\n' || c == '\t' || c == ' ';
            if (!space) {
                cause += c;
            } else if (!cause.empty() && cause.back() != ' ') {
                cause += ' ';
            }
        }
        while (!cause.empty() && cause.back() == ' ') cause.pop_back();
        throw DatabaseError("cannot connect to " + redact_connection_string(uri) + " to " + purpose,
                            cause,
                            "check that PostgreSQL runs there and that the URI is right, e.g. "
                            "postgresql://tierd@localhost:5432/erp");
    }
}

void prepare_daemon_session(pqxx::connection& connection, const std::string& application_name) {
    pqxx::nontransaction session(connection, "tierd_session");
    session.exec("SET application_name = " + session.quote(application_name) +
                 "; SET max_parallel_workers_per_gather = 0");
}

void plan_for_small_batches(pqxx::connection& connection) {
    pqxx::nontransaction session(connection, "tierd_session");
    // Generic plans: the batch statements are prepared (see prepared_statement.hpp) and
    // planned once for any batch, whatever the number of customers in it.
    session.exec(
        "SET enable_hashjoin = off; SET jit = off; SET plan_cache_mode = force_generic_plan");
}

}  // namespace tierd
