// The cursor over the plugin's metric query.
#include "plugin/metric_stream.hpp"

#include <pqxx/pqxx>

#include "plugin/metric_rows.hpp"
#include "store/pg_array.hpp"

namespace tierd {

namespace {
const char* const kCursor = "tierd_metric_stream";
}  // namespace

MetricStream::MetricStream(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                           const MetricRequest& request)
    : tx_(tx), plugin_(plugin), request_(request) {
    const MetricWindows windows = metric_windows(request.keys);
    // No customer list (NULL): every classifiable customer.
    tx_.exec_params(
        std::string("DECLARE ") + kCursor + " NO SCROLL CURSOR FOR " + plugin.metrics_query(),
        nullptr, to_pg_array(windows.keys), to_pg_array(windows.intervals), request.as_of,
        request.company);
}

std::map<long long, MetricValues> MetricStream::next(size_t count) {
    auto values = decode_metric_rows(next_rows(count), request_.keys);
    plugin_.add_attributes(tx_, values, request_);
    return values;
}

pqxx::result MetricStream::next_rows(size_t count) {
    return tx_.exec("FETCH " + std::to_string(count) + " FROM " + kCursor);
}

pqxx::result MetricStream::attribute_rows(const pqxx::result& metric_rows) {
    std::vector<long long> ids;
    ids.reserve(metric_rows.size());
    for (const auto& row : metric_rows) ids.push_back(row[0].as<long long>());
    return plugin_.attribute_rows(tx_, ids, request_);
}

}  // namespace tierd
