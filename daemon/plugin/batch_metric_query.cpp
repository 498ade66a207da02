// Deriving the batch form of the metric query.
#include "plugin/batch_metric_query.hpp"

#include "core/errors.hpp"

namespace tierd {

namespace {
// The "every customer" alternative that metrics.sql writes before each customer filter.
const char* const kEveryCustomerAlternative = "$1::bigint[] IS NULL OR ";
}  // namespace

std::string batch_metric_query(const std::string& metrics_sql, const std::string& file) {
    const std::string alternative = kEveryCustomerAlternative;
    std::string batch;
    batch.reserve(metrics_sql.size());
    size_t copied = 0;
    for (size_t found = metrics_sql.find(alternative); found != std::string::npos;
         found = metrics_sql.find(alternative, copied)) {
        batch.append(metrics_sql, copied, found - copied);
        copied = found + alternative.size();
    }
    if (copied == 0) {
        throw PluginError(file + " never writes `" + alternative + "`",
                          "filter the customers as ($1::bigint[] IS NULL OR party = "
                          "ANY($1::bigint[])): NULL is the full pass, an array a batch");
    }
    batch.append(metrics_sql, copied, std::string::npos);
    return batch;
}

}  // namespace tierd
