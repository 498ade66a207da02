// The rule nodes over who the customer is: text literals, attributes (`country`), their
// comparisons (`=`, `!=`, `in`, `not in`) and has_category("..."). A customer without a
// value (no invoice address, say) makes every comparison with it false, `!=` and `not in`
// included, as a metric with no value does.
#pragma once

#include <vector>

#include "policy/expression.hpp"

namespace tierd {

class TextLiteral final : public Expression {
  public:
    explicit TextLiteral(std::string value) : value_(std::move(value)) {}
    ValueType type() const override { return ValueType::text; }
    std::optional<std::string> text(const MetricValues&) const override { return value_; }
    void collect_metrics(std::set<MetricKey>&) const override {}
    std::string to_string() const override;
    std::string value_text(const MetricValues&) const override { return to_string(); }
    const std::string& value() const { return value_; }

  private:
    std::string value_;
};

class AttributeReference final : public Expression {
  public:
    explicit AttributeReference(std::string name) : name_(std::move(name)) {}
    ValueType type() const override { return ValueType::text; }
    std::optional<std::string> text(const MetricValues& values) const override {
        return values.text(name_);
    }
    void collect_metrics(std::set<MetricKey>&) const override {}
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>&) const override {
        attributes.insert(name_);
    }
    std::string to_string() const override { return name_; }
    std::string value_text(const MetricValues& values) const override;

  private:
    std::string name_;
};

// `a = b`, `a != b` over texts.
class TextComparison final : public Expression {
  public:
    TextComparison(bool equal, ExpressionPtr left, ExpressionPtr right)
        : equal_(equal), left_(std::move(left)), right_(std::move(right)) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>&) const override {}
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>& categories) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    bool equal_;
    ExpressionPtr left_, right_;
};

// `a in ("x", "y")`, `a not in (...)`.
class TextMembership final : public Expression {
  public:
    TextMembership(bool negated, ExpressionPtr value, std::vector<ExpressionPtr> members)
        : negated_(negated), value_(std::move(value)), members_(std::move(members)) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues& values) const override;
    void collect_metrics(std::set<MetricKey>&) const override {}
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>& categories) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    bool negated_;
    ExpressionPtr value_;
    std::vector<ExpressionPtr> members_;
};

// has_category("industry / retail"): whether the ERP's users gave the customer that category.
class HasCategory final : public Expression {
  public:
    explicit HasCategory(std::string category) : category_(std::move(category)) {}
    ValueType type() const override { return ValueType::boolean; }
    bool truth(const MetricValues& values) const override { return values.has_category(category_); }
    void collect_metrics(std::set<MetricKey>&) const override {}
    void collect_attributes(std::set<std::string>& attributes,
                            std::set<std::string>& categories) const override;
    std::string to_string() const override;
    RuleTrace trace(const MetricValues& values) const override;

  private:
    std::string category_;
};

// A text as the canonical rule text writes it: in double quotes.
std::string quoted_text(const std::string& text);

}  // namespace tierd
