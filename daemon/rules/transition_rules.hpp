// Decides, for one customer and one classification, whether its tier stays or moves.
// Pure logic over the policy, the stored tier and the metric values; no database.
#pragma once

#include <optional>
#include <string>

#include "policy/policy.hpp"

namespace tierd {

// The tier a customer's metrics select: the first tier (best first) whose rule holds,
// else the default tier.
struct TierMatch {
    const Tier* tier;
    std::string rule;  // the rule text that matched; "default" when none did
};
TierMatch select_tier(const Classification& classification, const MetricValues& values);

struct Decision {
    enum class Kind { stay, move };
    Kind kind = Kind::stay;
    std::optional<std::string> from_tier;  // none for a customer never classified
    std::string to_tier;
    std::string rule;
};

// Where a customer currently in `current_tier` (none if never classified) goes now.
Decision decide_transition(const Classification& classification,
                           const std::optional<std::string>& current_tier,
                           const MetricValues& values);

}  // namespace tierd
