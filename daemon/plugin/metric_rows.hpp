// Decoding the rows of a plugin's metric query (metrics.sql): one row per customer with
// customer_id, overall (jsonb: metric -> value) and by_window (jsonb: window -> metric ->
// value). Shared by the per-batch query and the full pass's stream.
#pragma once

#include <map>
#include <pqxx/result>
#include <pqxx/row>
#include <set>

#include "policy/metric_catalogue.hpp"

namespace tierd {

// The values of `keys` in the row; a JSON null (nothing to measure yet) becomes NaN, which
// every comparison finds false; a key the row lacks is left out.
MetricValues decode_metric_row(const pqxx::row& row, const std::set<MetricKey>& keys);
// Every row's values, by customer.
std::map<long long, MetricValues> decode_metric_rows(const pqxx::result& rows,
                                                     const std::set<MetricKey>& keys);

}  // namespace tierd
