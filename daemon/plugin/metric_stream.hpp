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

    // The next `count` customers' metrics (fewer at the end; empty when all were read).
    std::map<long long, MetricValues> next(size_t count);
    // The same rows undecoded (see metric_rows.hpp), for a reader that lets another thread
    // decode them while it fetches the next: decoding a million rows takes seconds.
    pqxx::result next_rows(size_t count);

  private:
    pqxx::transaction_base& tx_;
    std::set<MetricKey> keys_;
};

}  // namespace tierd
