// Queries over a loaded policy.
#include "policy/policy.hpp"

namespace tierd {

const Tier& Classification::default_tier() const {
    for (const auto& tier : tiers) {
        if (tier.is_default) return tier;
    }
    // The loader refuses a classification without a default tier.
    throw TierdError("internal error: classification '" + name + "' has no default tier");
}

const Tier* Classification::find_tier(const std::string& tier_name) const {
    for (const auto& tier : tiers) {
        if (tier.name == tier_name) return &tier;
    }
    return nullptr;
}

std::string describe_warning(const PolicyWarning& warning) {
    std::string text = warning.where.to_string() + ": warning: " + warning.message;
    if (!warning.hint.empty()) text += "\nHINT: " + warning.hint;
    return text;
}

int Classification::rank_of(const std::string& tier_name) const {
    for (size_t i = 0; i < tiers.size(); ++i) {
        if (tiers[i].name == tier_name) return static_cast<int>(i);
    }
    return -1;
}

int Classification::standing_of(const std::string& tier_name) const {
    const int rank = rank_of(tier_name);
    if (rank < 0 || best == BestEnd::first) return rank;
    return static_cast<int>(tiers.size()) - 1 - rank;
}

std::set<MetricKey> Classification::metrics_used() const {
    std::set<MetricKey> keys;
    for (const auto& tier : tiers) {
        if (tier.when) tier.when->collect_metrics(keys);
    }
    return keys;
}

AttributesUsed Classification::attributes_used() const {
    AttributesUsed used;
    for (const auto& tier : tiers) {
        if (tier.when) tier.when->collect_attributes(used.attributes, used.categories);
    }
    return used;
}

AttributesUsed Policy::attributes_used() const {
    AttributesUsed used;
    for (const auto& classification : classifications) {
        const auto more = classification.attributes_used();
        used.attributes.insert(more.attributes.begin(), more.attributes.end());
        used.categories.insert(more.categories.begin(), more.categories.end());
    }
    return used;
}

std::set<MetricKey> Policy::metrics_used() const {
    std::set<MetricKey> keys;
    for (const auto& classification : classifications) {
        const auto used = classification.metrics_used();
        keys.insert(used.begin(), used.end());
    }
    return keys;
}

const Classification* Policy::find_classification(const std::string& name) const {
    for (const auto& classification : classifications) {
        if (classification.name == name) return &classification;
    }
    return nullptr;
}

}  // namespace tierd
