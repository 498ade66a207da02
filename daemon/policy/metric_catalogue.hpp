// The metrics a policy may use: one declaration per metric, from which the rule checker,
// `tierctl policy check` and the reference in docs/finance-lead.md are all derived.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tierd {

struct MetricSpec {
    std::string name;
    bool windowed;            // takes a window argument: revenue(365d)
    std::string unit;         // "amount", "count", "days", "ratio"
    std::string description;  // one line for people
};

// Every metric a policy may name, in documentation order (docs/finance-lead.md).
const std::vector<MetricSpec>& metric_catalogue();
const MetricSpec* find_metric(const std::string& name);
std::vector<std::string> metric_names();

// Identifies one value a plugin computes: a metric and, for windowed metrics, its window
// in canonical text ("365d"); empty window for metrics without one.
struct MetricKey {
    std::string metric;
    std::string window;

    std::string to_string() const { return window.empty() ? metric : metric + "(" + window + ")"; }
    bool operator<(const MetricKey& other) const {
        return metric != other.metric ? metric < other.metric : window < other.window;
    }
    bool operator==(const MetricKey& other) const {
        return metric == other.metric && window == other.window;
    }
};

// The values of one customer's metrics, as computed by the ERP plugin for one evaluation.
class MetricValues {
  public:
    void set(const MetricKey& key, double value) { values_[key] = value; }
    std::optional<double> get(const MetricKey& key) const;
    const std::map<MetricKey, double>& all() const { return values_; }

  private:
    std::map<MetricKey, double> values_;
};

}  // namespace tierd
