// The typed tree of a policy rule (`when:`), built once at load and evaluated per customer.
// It can only read metric values and attributes: there is no path from a rule to SQL text or
// to code.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "policy/metric_catalogue.hpp"

namespace tierd {

enum class ValueType { number, boolean, text };

// A rule of the form `<subject> <op> <number>` (either way round), for the policy checks
// that find tiers shadowed by the tiers above them.
struct Threshold {
    std::string subject;  // canonical text of the non-constant side
    std::string op;       // one of > >= < <= ==, with the subject on the left
    double value;
};

// A condition evaluated for a person (tierctl explain): its text, whether it held, the
// values it compared ("120,000 >= 100,000") and, for `and`, `or` and `not`, its parts,
// each evaluated even where the result was already decided, so the reader sees them all.
struct RuleTrace {
    std::string clause;
    bool holds = false;
    std::string compared;   // empty for and / or / not
    std::string joined_by;  // "and", "or" or "not" when it has parts
    std::vector<RuleTrace> parts;
};

class Expression {
  public:
    virtual ~Expression() = default;
    virtual ValueType type() const = 0;
    // Evaluate a number-typed node. Division by zero yields NaN, and every comparison with
    // NaN is false, so a rule like `overdue_amount / revenue(365d) > 0.5` simply does not
    // hold for a customer without revenue.
    virtual double number(const MetricValues&) const;
    // Evaluate a boolean-typed node.
    virtual bool truth(const MetricValues&) const;
    // Evaluate a text-typed node; none when the customer has no value (no address).
    virtual std::optional<std::string> text(const MetricValues&) const;
    // The metric values this node reads, so the plugin computes each one once per batch.
    virtual void collect_metrics(std::set<MetricKey>& into) const = 0;
    // The attributes this node reads, and the category names its has_category() asks for.
    virtual void collect_attributes(std::set<std::string>& /*attributes*/,
                                    std::set<std::string>& /*categories*/) const {}
    // Canonical text, fully parenthesised where it matters; used in explanations and tests.
    virtual std::string to_string() const = 0;
    // A boolean node evaluated clause by clause, for a person.
    virtual RuleTrace trace(const MetricValues& values) const;
    // A number node's value as a person reads it ("120,000", "no value").
    virtual std::string value_text(const MetricValues& values) const;
    // True when the node is the literal `true` / `false`.
    virtual bool is_always_true() const { return false; }
    virtual bool is_always_false() const { return false; }
    // The threshold this node compares against, if it is a simple comparison.
    virtual std::optional<Threshold> threshold() const { return std::nullopt; }
};

using ExpressionPtr = std::shared_ptr<const Expression>;

}  // namespace tierd
