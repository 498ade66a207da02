// Tier selection and the (for now immediate) rules of change.
#include "rules/transition_rules.hpp"

namespace tierd {

TierMatch select_tier(const Classification& classification, const MetricValues& values) {
    for (const auto& tier : classification.tiers) {
        if (tier.when && tier.when->truth(values)) return {&tier, tier.when_text};
    }
    return {&classification.default_tier(), "default"};
}

Decision decide_transition(const Classification& classification,
                           const std::optional<std::string>& current_tier,
                           const MetricValues& values) {
    const TierMatch match = select_tier(classification, values);
    Decision decision;
    decision.from_tier = current_tier;
    decision.to_tier = match.tier->name;
    decision.rule = match.rule;
    decision.kind = current_tier == match.tier->name ? Decision::Kind::stay : Decision::Kind::move;
    return decision;
}

}  // namespace tierd
