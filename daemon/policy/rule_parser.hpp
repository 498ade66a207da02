// Parses and type-checks the text of one policy rule into an Expression tree.
#pragma once

#include <string_view>

#include "core/errors.hpp"
#include "policy/expression.hpp"

namespace tierd {

// `where` is the position of the rule's first character in the policy file; errors point
// at the offending token. Throws PolicyError for syntax errors, unknown metrics, bad
// windows, type errors and divisions by a literal zero.
ExpressionPtr parse_rule(std::string_view text, const SourceLocation& where);

}  // namespace tierd
