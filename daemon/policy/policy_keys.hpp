// The keys a policy file may hold, per kind of mapping: one declaration from which the
// loader's checks and hints and the reference table in docs/finance-lead.md come.
#pragma once

#include <string>
#include <vector>

namespace tierd {

struct PolicyKeySpec {
    const char* name;
    bool required;
    const char* value;        // what it takes, for people: "a duration", "a list of tiers"
    const char* description;  // one line for people
};

// Each kind of mapping in a policy file, in the order a policy nests them.
enum class PolicyMapping { policy, classification, tier, downgrade, approval };

struct PolicyMappingSpec {
    PolicyMapping mapping;
    const char* title;  // for people: "the policy (top level)", "a tier"
    std::vector<PolicyKeySpec> keys;
};

const std::vector<PolicyMappingSpec>& policy_mappings();
const std::vector<PolicyKeySpec>& policy_keys(PolicyMapping mapping);

}  // namespace tierd
