// Evaluation and rendering of rule trees.
#include "policy/expression_nodes.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace tierd {

double Expression::number(const MetricValues&) const {
    throw TierdError("internal error: a condition was evaluated as a number: " + to_string());
}

bool Expression::truth(const MetricValues&) const {
    throw TierdError("internal error: a number was evaluated as a condition: " + to_string());
}

std::optional<std::string> Expression::text(const MetricValues&) const {
    throw TierdError("internal error: a value that is not a text was read as one: " + to_string());
}

std::string NumberLiteral::to_string() const {
    return fmt::format("{}", value_);
}

double MetricReference::number(const MetricValues& values) const {
    if (const auto value = values.get(key_)) return *value;
    // The plugin computes every metric the policy reads; a gap is a plugin defect.
    throw TierdError("metric " + key_.to_string() + " was not computed by the ERP plugin");
}

ValueType UnaryExpression::type() const {
    return op_ == UnaryOperator::logical_not ? ValueType::boolean : ValueType::number;
}

double UnaryExpression::number(const MetricValues& values) const {
    return -operand_->number(values);
}

bool UnaryExpression::truth(const MetricValues& values) const {
    return !operand_->truth(values);
}

void UnaryExpression::collect_metrics(std::set<MetricKey>& into) const {
    operand_->collect_metrics(into);
}

void UnaryExpression::collect_attributes(std::set<std::string>& attributes,
                                         std::set<std::string>& categories) const {
    operand_->collect_attributes(attributes, categories);
}

std::string UnaryExpression::to_string() const {
    return op_ == UnaryOperator::logical_not ? "(not " + operand_->to_string() + ")"
                                             : "(-" + operand_->to_string() + ")";
}

const char* operator_text(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::add:
            return "+";
        case BinaryOperator::subtract:
            return "-";
        case BinaryOperator::multiply:
            return "*";
        case BinaryOperator::divide:
            return "/";
        case BinaryOperator::less:
            return "<";
        case BinaryOperator::less_equal:
            return "<=";
        case BinaryOperator::greater:
            return ">";
        case BinaryOperator::greater_equal:
            return ">=";
        case BinaryOperator::equal:
            return "==";
        case BinaryOperator::not_equal:
            return "!=";
        case BinaryOperator::logical_and:
            return "and";
        case BinaryOperator::logical_or:
            return "or";
    }
    return "?";
}

ValueType BinaryExpression::type() const {
    switch (op_) {
        case BinaryOperator::add:
        case BinaryOperator::subtract:
        case BinaryOperator::multiply:
        case BinaryOperator::divide:
            return ValueType::number;
        default:
            return ValueType::boolean;
    }
}

double BinaryExpression::number(const MetricValues& values) const {
    const double left = left_->number(values);
    const double right = right_->number(values);
    switch (op_) {
        case BinaryOperator::add:
            return left + right;
        case BinaryOperator::subtract:
            return left - right;
        case BinaryOperator::multiply:
            return left * right;
        case BinaryOperator::divide:
            return right == 0 ? std::numeric_limits<double>::quiet_NaN() : left / right;
        default:
            return Expression::number(values);
    }
}

bool BinaryExpression::truth(const MetricValues& values) const {
    switch (op_) {
        case BinaryOperator::logical_and:
            return left_->truth(values) && right_->truth(values);
        case BinaryOperator::logical_or:
            return left_->truth(values) || right_->truth(values);
        default:
            break;
    }
    const double left = left_->number(values);
    const double right = right_->number(values);
    switch (op_) {
        case BinaryOperator::less:
            return left < right;
        case BinaryOperator::less_equal:
            return left <= right;
        case BinaryOperator::greater:
            return left > right;
        case BinaryOperator::greater_equal:
            return left >= right;
        case BinaryOperator::equal:
            return left == right;
        case BinaryOperator::not_equal:
            return !std::isnan(left) && !std::isnan(right) && left != right;
        default:
            return Expression::truth(values);
    }
}

void BinaryExpression::collect_metrics(std::set<MetricKey>& into) const {
    left_->collect_metrics(into);
    right_->collect_metrics(into);
}

void BinaryExpression::collect_attributes(std::set<std::string>& attributes,
                                          std::set<std::string>& categories) const {
    left_->collect_attributes(attributes, categories);
    right_->collect_attributes(attributes, categories);
}

std::string BinaryExpression::to_string() const {
    return fmt::format("({} {} {})", left_->to_string(), operator_text(op_), right_->to_string());
}

std::optional<Threshold> BinaryExpression::threshold() const {
    const char* op = nullptr;
    const char* mirrored = nullptr;
    switch (op_) {
        case BinaryOperator::less:
            op = "<", mirrored = ">";
            break;
        case BinaryOperator::less_equal:
            op = "<=", mirrored = ">=";
            break;
        case BinaryOperator::greater:
            op = ">", mirrored = "<";
            break;
        case BinaryOperator::greater_equal:
            op = ">=", mirrored = "<=";
            break;
        case BinaryOperator::equal:
            op = "==", mirrored = "==";
            break;
        default:
            return std::nullopt;
    }
    if (const auto* number = dynamic_cast<const NumberLiteral*>(right_.get())) {
        return Threshold{left_->to_string(), op, number->value()};
    }
    if (const auto* number = dynamic_cast<const NumberLiteral*>(left_.get())) {
        return Threshold{right_->to_string(), mirrored, number->value()};
    }
    return std::nullopt;
}

bool BetweenExpression::truth(const MetricValues& values) const {
    const double value = value_->number(values);
    return low_->number(values) <= value && value <= high_->number(values);
}

void BetweenExpression::collect_metrics(std::set<MetricKey>& into) const {
    value_->collect_metrics(into);
    low_->collect_metrics(into);
    high_->collect_metrics(into);
}

std::string BetweenExpression::to_string() const {
    return fmt::format("({} between {} and {})", value_->to_string(), low_->to_string(),
                       high_->to_string());
}

bool InExpression::truth(const MetricValues& values) const {
    const double value = value_->number(values);
    for (const auto& member : members_) {
        if (member->number(values) == value) return true;
    }
    return false;
}

void InExpression::collect_metrics(std::set<MetricKey>& into) const {
    value_->collect_metrics(into);
    for (const auto& member : members_) member->collect_metrics(into);
}

std::string InExpression::to_string() const {
    std::string text = "(" + value_->to_string() + " in (";
    for (size_t i = 0; i < members_.size(); ++i) {
        text += (i ? ", " : "") + members_[i]->to_string();
    }
    return text + "))";
}

}  // namespace tierd
