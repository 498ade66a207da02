// The metric query as the daemon prepares it for batches of customers.
//
// A plugin's metrics.sql serves both the full pass ($1 NULL: every customer) and batches
// ($1: the batch's customers), and so filters customers as
// `($1::bigint[] IS NULL OR <column> = ANY($1::bigint[]))`. Planned once for any batch (a
// generic plan, see prepared_statement.hpp), that filter would keep its NULL branch and
// scan every customer; the batch form drops it, leaving `<column> = ANY($1::bigint[])`.
#pragma once

#include <string>

namespace tierd {

// `metrics_sql` without its "every customer" alternatives. PluginError (naming `file`) if it
// has none: the query would then not filter batches by customer, or not serve the full pass.
std::string batch_metric_query(const std::string& metrics_sql, const std::string& file);

}  // namespace tierd
