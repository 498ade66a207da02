// The node kinds of a rule tree; constructed only by the rule parser, after type checking.
#pragma once

#include <vector>

#include "policy/expression.hpp"

namespace tierd {

class NumberLiteral final : public Expression {
  public:
    explicit NumberLiteral(double value) : value_(value) {}
    ValueType type() const override { return ValueType::number; }
    double number(const MetricValues&) const override { return value_; }
    void collect_metrics(std::set<MetricKey>&) const override {}
    std::string to_string() const override;
    double value() const { return value_; }

  private:
    double value_;
};

class BooleanLiteral final : public Expression {
  public:
    explicit BooleanLiteral(bool value) : value_(value) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues&) const override { return value_; }
    void collect_metrics(std::set<MetricKey>&) const override {}
    std::string to_string() const override { return value_ ? "true" : "false"; }
    bool is_always_true() const override { return value_; }
    bool is_always_false() const override { return !value_; }

  private:
    bool value_;
};

class MetricReference final : public Expression {
  public:
    explicit MetricReference(MetricKey key) : key_(std::move(key)) {}
    ValueType type() const override { return ValueType::number; }
    double number(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>& into) const override { into.insert(key_); }
    std::string to_string() const override { return key_.to_string(); }

  private:
    MetricKey key_;
};

enum class UnaryOperator { logical_not, negate };

class UnaryExpression final : public Expression {
  public:
    UnaryExpression(UnaryOperator op, ExpressionPtr operand)
        : op_(op), operand_(std::move(operand)) {}
    ValueType type() const override;
    double number(const MetricValues& values) const override;
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>& into) const override;
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>& categories) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    UnaryOperator op_;
    ExpressionPtr operand_;
};

enum class BinaryOperator {
    add,
    subtract,
    multiply,
    divide,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    logical_and,
    logical_or,
};

// Spelling of an operator in canonical rule text.
const char* operator_text(BinaryOperator op);

class BinaryExpression final : public Expression {
  public:
    BinaryExpression(BinaryOperator op, ExpressionPtr left, ExpressionPtr right)
        : op_(op), left_(std::move(left)), right_(std::move(right)) {}
    ValueType type() const override;
    double number(const MetricValues& values) const override;
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>& into) const override;
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>& categories) const override;
    std::string to_string() const override;
    std::optional<Threshold> threshold() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    BinaryOperator op_;
    ExpressionPtr left_;
    ExpressionPtr right_;
};

// `x between low and high`, inclusive at both ends.
class BetweenExpression final : public Expression {
  public:
    BetweenExpression(ExpressionPtr value, ExpressionPtr low, ExpressionPtr high)
        : value_(std::move(value)), low_(std::move(low)), high_(std::move(high)) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>& into) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    ExpressionPtr value_, low_, high_;
};

// `x in (a, b, c)`: equality with any member of the list.
class InExpression final : public Expression {
  public:
    InExpression(ExpressionPtr value, std::vector<ExpressionPtr> members)
        : value_(std::move(value)), members_(std::move(members)) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>& into) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    ExpressionPtr value_;
    std::vector<ExpressionPtr> members_;
};

}  // namespace tierd
