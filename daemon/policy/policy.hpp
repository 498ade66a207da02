// The policy in memory: classifications of ordered tiers, as loaded from the finance lead's YAML.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "policy/duration.hpp"
#include "policy/expression.hpp"

namespace tierd {

struct Tier {
    std::string name;
    ExpressionPtr when;  // null for the default tier
    std::string when_text;
    bool is_default = false;
    SourceLocation where;
};

struct Classification {
    std::string name;
    std::string target;  // the ERP field the plugin writes, e.g. "category"
    std::optional<Duration> evaluate_every;
    std::vector<Tier> tiers;  // best first
    SourceLocation where;

    const Tier& default_tier() const;
    const Tier* find_tier(const std::string& name) const;
};

struct Policy {
    std::string version;       // the finance lead's version, from the file
    std::string content_hash;  // sha256 of the file's bytes, hex
    std::string file;
    std::vector<Classification> classifications;

    // Every metric value any rule reads: what the plugin must compute per customer.
    std::set<MetricKey> metrics_used() const;
    const Classification* find_classification(const std::string& name) const;
};

}  // namespace tierd
