// Every classifiable customer's metrics read as a stream: the plugin's metric query
// (metrics.sql, for all customers) behind a server-side cursor, fetched a chunk at a time, so a
// full pass over a million customers holds one chunk in the daemon's memory, never the whole
// result.
#pragma once

#include <map>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <set>
#include <string>

#include "plugin/erp_plugin.hpp"

namespace tierd {

class MetricStream {
  public:
    // Declares the cursor in `tx`, which must stay open while the stream is read: every
    // chunk then comes from the one snapshot the cursor was opened in.
    MetricStream(pqxx::transaction_base& tx, const ErpPlugin& plugin, const MetricRequest& request);

    // The next `count` customers' metrics and the attributes the request asks for (fewer
    // at the end; empty when all were read).
    std::map<long long, MetricValues> next(size_t count);
    // The same rows undecoded (see metric_rows.hpp), for a reader that lets another thread
    // decode them while it fetches the next: decoding a million rows takes seconds. Their
    // attributes come apart, from next_attribute_rows.
    pqxx::result next_rows(size_t count);
    // The attribute rows (attributes.sql) of the customers of `metric_rows`, in the same
    // snapshot; empty when the request asks for no attribute.
    pqxx::result attribute_rows(const pqxx::result& metric_rows);

  private:
    pqxx::transaction_base& tx_;
    const ErpPlugin& plugin_;
    MetricRequest request_;
};

}  // namespace tierd
