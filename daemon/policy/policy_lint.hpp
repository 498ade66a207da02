// Checks that find what loads but is probably a mistake: tiers that can never match
// because a tier above them always matches first.
#pragma once

#include <vector>

#include "policy/policy.hpp"

namespace tierd {

std::vector<PolicyWarning> lint_policy(const Policy& policy);

}  // namespace tierd
