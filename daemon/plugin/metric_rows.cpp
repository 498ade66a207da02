// JSON of the metric rows to MetricValues.
#include "plugin/metric_rows.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <pqxx/field>
#include <pqxx/result>

namespace tierd {

MetricValues decode_metric_row(const pqxx::row& row, const std::set<MetricKey>& keys) {
    const auto overall = nlohmann::json::parse(row[1].c_str());
    const auto by_window = nlohmann::json::parse(row[2].c_str());
    MetricValues values;
    for (const auto& key : keys) {
        const nlohmann::json* scope = &overall;
        if (!key.window.empty()) {
            const auto window = by_window.find(key.window);
            if (window == by_window.end()) continue;
            scope = &*window;
        }
        const auto value = scope->find(key.metric);
        if (value == scope->end()) continue;
        values.set(key, value->is_number() ? value->get<double>()
                                           : std::numeric_limits<double>::quiet_NaN());
    }
    return values;
}

std::map<long long, MetricValues> decode_metric_rows(const pqxx::result& rows,
                                                     const std::set<MetricKey>& keys) {
    std::map<long long, MetricValues> values;
    for (const auto& row : rows) values[row[0].as<long long>()] = decode_metric_row(row, keys);
    return values;
}

}  // namespace tierd
