// The metrics a policy may use: one declaration per metric, from which the rule checker,
// `tierctl policy check` and the reference in docs/finance-lead.md are all derived.
#pragma once

#include <map>
#include <optional>
#include <set>
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

// What the ERP plugin serves for one customer at one evaluation: its metric values, and its
// attributes (attribute_catalogue.hpp): text values by attribute, and its categories.
class MetricValues {
  public:
    void set(const MetricKey& key, double value) { values_[key] = value; }
    std::optional<double> get(const MetricKey& key) const;
    const std::map<MetricKey, double>& all() const { return values_; }

    // A text attribute; an attribute never set has no value (no address, no country).
    void set_text(const std::string& attribute, std::string value) {
        texts_[attribute] = std::move(value);
    }
    std::optional<std::string> text(const std::string& attribute) const;
    void add_category(std::string name) { categories_.insert(std::move(name)); }
    bool has_category(const std::string& name) const { return categories_.count(name) > 0; }
    const std::set<std::string>& categories() const { return categories_; }

  private:
    std::map<MetricKey, double> values_;
    std::map<std::string, std::string> texts_;
    std::set<std::string> categories_;
};

}  // namespace tierd
