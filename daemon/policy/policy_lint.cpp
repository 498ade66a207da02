// Shadowing analysis: a tier's rule can only be reached if no rule above it implies it.
#include "policy/policy_lint.hpp"

namespace tierd {

namespace {

bool satisfies(double value, const std::string& op, double bound) {
    if (op == ">") return value > bound;
    if (op == ">=") return value >= bound;
    if (op == "<") return value < bound;
    if (op == "<=") return value <= bound;
    return value == bound;
}

// Whether every value meeting `lower` (the tier below) also meets `upper` (the tier above).
bool implies(const Threshold& lower, const Threshold& upper) {
    if (lower.subject != upper.subject) return false;
    if (lower.op == "==") return satisfies(lower.value, upper.op, upper.value);
    const bool lower_rises = lower.op[0] == '>';
    if (upper.op == "==" || lower_rises != (upper.op[0] == '>')) return false;
    if (lower.value == upper.value) {
        // x > v implies x >= v; x >= v implies x > v only never.
        return lower.op == upper.op || lower.op.size() < upper.op.size();
    }
    return lower_rises ? lower.value > upper.value : lower.value < upper.value;
}

// Why tier `upper` leaves nothing to tier `lower`, or empty if it does not.
std::string shadowing_reason(const Tier& upper, const Tier& lower) {
    if (upper.when->is_always_true()) return "has rule `true`";
    if (upper.when->to_string() == lower.when->to_string()) return "has the same rule";
    const auto upper_threshold = upper.when->threshold();
    const auto lower_threshold = lower.when->threshold();
    if (upper_threshold && lower_threshold && implies(*lower_threshold, *upper_threshold)) {
        return "matches every customer it would (`" + upper.when_text + "`)";
    }
    return {};
}

}  // namespace

std::vector<PolicyWarning> lint_policy(const Policy& policy) {
    std::vector<PolicyWarning> warnings;
    for (const auto& classification : policy.classifications) {
        for (size_t j = 0; j < classification.tiers.size(); ++j) {
            const Tier& lower = classification.tiers[j];
            if (!lower.when) continue;
            if (lower.when->is_always_false()) {
                warnings.push_back(
                    {lower.where, "tier `" + lower.name + "` can never match: its rule is `false`",
                     "remove the tier, or give it a rule that can hold"});
                continue;
            }
            for (size_t i = 0; i < j; ++i) {
                const Tier& upper = classification.tiers[i];
                if (!upper.when) continue;
                const std::string reason = shadowing_reason(upper, lower);
                if (reason.empty()) continue;
                warnings.push_back({lower.where,
                                    "tier `" + lower.name + "` can never match: tier `" +
                                        upper.name + "` above it " + reason,
                                    "tiers are tried from the top; put the stricter rule first"});
                break;
            }
        }
    }
    return warnings;
}

}  // namespace tierd
