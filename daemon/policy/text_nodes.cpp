// Evaluation, rendering and traces of the text nodes.
#include "policy/text_nodes.hpp"

#include "policy/attribute_catalogue.hpp"

namespace tierd {

std::string quoted_text(const std::string& text) {
    return "\"" + text + "\"";
}

std::string TextLiteral::to_string() const {
    return quoted_text(value_);
}

std::string AttributeReference::value_text(const MetricValues& values) const {
    const auto value = values.text(name_);
    return value ? quoted_text(*value) : "no value";
}

bool TextComparison::truth(const MetricValues& values) const {
    const auto left = left_->text(values);
    const auto right = right_->text(values);
    if (!left || !right) return false;
    return (*left == *right) == equal_;
}

void TextComparison::collect_attributes(std::set<std::string>& attributes,
                                        std::set<std::string>& categories) const {
    left_->collect_attributes(attributes, categories);
    right_->collect_attributes(attributes, categories);
}

std::string TextComparison::to_string() const {
    return "(" + left_->to_string() + (equal_ ? " == " : " != ") + right_->to_string() + ")";
}

RuleTrace TextComparison::trace(const MetricValues& values) const {
    RuleTrace trace = Expression::trace(values);
    trace.compared =
        left_->value_text(values) + (equal_ ? " == " : " != ") + right_->value_text(values);
    return trace;
}

bool TextMembership::truth(const MetricValues& values) const {
    const auto value = value_->text(values);
    if (!value) return false;
    bool found = false;
    for (const auto& member : members_) found = found || member->text(values) == value;
    return found != negated_;
}

void TextMembership::collect_attributes(std::set<std::string>& attributes,
                                        std::set<std::string>& categories) const {
    value_->collect_attributes(attributes, categories);
    for (const auto& member : members_) member->collect_attributes(attributes, categories);
}

std::string TextMembership::to_string() const {
    std::string list;
    for (const auto& member : members_) list += (list.empty() ? "" : ", ") + member->to_string();
    return "(" + value_->to_string() + (negated_ ? " not in (" : " in (") + list + "))";
}

RuleTrace TextMembership::trace(const MetricValues& values) const {
    RuleTrace trace = Expression::trace(values);
    std::string list;
    for (const auto& member : members_) {
        list += (list.empty() ? "" : ", ") + member->value_text(values);
    }
    trace.compared = value_->value_text(values) + (negated_ ? " not in (" : " in (") + list + ")";
    return trace;
}

void HasCategory::collect_attributes(std::set<std::string>& attributes,
                                     std::set<std::string>& categories) const {
    attributes.insert(kCategoriesAttribute);
    categories.insert(category_);
}

std::string HasCategory::to_string() const {
    return "has_category(" + quoted_text(category_) + ")";
}

RuleTrace HasCategory::trace(const MetricValues& values) const {
    RuleTrace trace = Expression::trace(values);
    std::string held;
    for (const auto& category : values.categories()) {
        held += (held.empty() ? "" : ", ") + quoted_text(category);
    }
    trace.compared = "its categories: " + (held.empty() ? std::string("none") : held);
    return trace;
}

}  // namespace tierd
