// The cursor and the decoding of its rows (customer_id, overall jsonb, by_window jsonb).
#include "plugin/metric_stream.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "store/pg_array.hpp"

namespace tierd {

namespace {
const char* const kCursor = "tierd_metric_stream";

// A JSON null is a metric with nothing to measure: NaN, which every comparison finds false.
double metric_value(const nlohmann::json& value) {
    return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

MetricStream::MetricStream(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                           const std::set<MetricKey>& keys, const std::string& as_of)
    : tx_(tx), keys_(keys) {
    const MetricWindows windows = metric_windows(keys);
    tx_.exec_params(
        std::string("DECLARE ") + kCursor + " NO SCROLL CURSOR FOR " + plugin.all_metrics_query(),
        to_pg_array(windows.keys), to_pg_array(windows.intervals), as_of);
}

std::map<long long, MetricValues> MetricStream::next(size_t count) {
    std::map<long long, MetricValues> chunk;
    const auto rows = tx_.exec("FETCH " + std::to_string(count) + " FROM " + kCursor);
    for (const auto& row : rows) {
        MetricValues& values = chunk[row[0].as<long long>()];
        const auto overall = nlohmann::json::parse(row[1].c_str());
        const auto by_window = nlohmann::json::parse(row[2].c_str());
        for (const auto& key : keys_) {
            const nlohmann::json* value = nullptr;
            if (key.window.empty()) {
                const auto found = overall.find(key.metric);
                if (found != overall.end()) value = &*found;
            } else if (const auto window = by_window.find(key.window); window != by_window.end()) {
                const auto found = window->find(key.metric);
                if (found != window->end()) value = &*found;
            }
            if (value) values.set(key, metric_value(*value));
        }
    }
    return chunk;
}

}  // namespace tierd
