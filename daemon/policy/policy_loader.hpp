// Loads policy.yaml into a Policy, refusing anything unclear with file:line:column and a fix.
#pragma once

#include <string>

#include "policy/policy.hpp"

namespace tierd {

// Parses policy text; `file` names it in errors. Throws PolicyError.
Policy parse_policy(const std::string& text, const std::string& file);

// Reads and parses a policy file. Throws PolicyError (also for an unreadable file).
Policy load_policy_file(const std::string& path);

}  // namespace tierd
