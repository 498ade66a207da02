// Rules evaluated clause by clause for a person (RuleTrace): what each comparison compared.
#include <cmath>

#include "core/readable_number.hpp"
#include "policy/expression_nodes.hpp"

namespace tierd {

namespace {

// Canonical text without the parentheses around the whole clause.
std::string clause_text(const Expression& node) {
    std::string text = node.to_string();
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
        // Only when the outer pair encloses everything: "(a) and (b)" keeps its own.
        int depth = 0;
        for (size_t i = 0; i < text.size(); ++i) {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < text.size()) return text;
        }
        return text.substr(1, text.size() - 2);
    }
    return text;
}

}  // namespace

RuleTrace Expression::trace(const MetricValues& values) const {
    return {clause_text(*this), truth(values), "", "", {}};
}

std::string Expression::value_text(const MetricValues& values) const {
    return readable_number(number(values));
}

RuleTrace UnaryExpression::trace(const MetricValues& values) const {
    if (op_ != UnaryOperator::logical_not) return Expression::trace(values);
    return {clause_text(*this), truth(values), "", "not", {operand_->trace(values)}};
}

RuleTrace BinaryExpression::trace(const MetricValues& values) const {
    if (op_ == BinaryOperator::logical_and || op_ == BinaryOperator::logical_or) {
        RuleTrace trace{clause_text(*this), truth(values), "", operator_text(op_), {}};
        // `a and b and c` reads as three clauses, not as (a and b) and c.
        for (const auto& side : {left_, right_}) {
            RuleTrace part = side->trace(values);
            if (part.joined_by == trace.joined_by) {
                for (auto& inner : part.parts) trace.parts.push_back(std::move(inner));
            } else {
                trace.parts.push_back(std::move(part));
            }
        }
        return trace;
    }
    if (type() != ValueType::boolean) return Expression::trace(values);
    return {clause_text(*this),
            truth(values),
            left_->value_text(values) + " " + operator_text(op_) + " " + right_->value_text(values),
            "",
            {}};
}

RuleTrace BetweenExpression::trace(const MetricValues& values) const {
    return {clause_text(*this),
            truth(values),
            value_->value_text(values) + " between " + low_->value_text(values) + " and " +
                high_->value_text(values),
            "",
            {}};
}

RuleTrace InExpression::trace(const MetricValues& values) const {
    std::string members;
    for (const auto& member : members_) {
        members += (members.empty() ? "" : ", ") + member->value_text(values);
    }
    return {clause_text(*this),
            truth(values),
            value_->value_text(values) + " in (" + members + ")",
            "",
            {}};
}

}  // namespace tierd
