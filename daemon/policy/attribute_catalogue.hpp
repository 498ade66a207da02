// Who a customer is, as the ERP records it: the attributes a rule may read beside the
// metrics (`country in ("DE", "AT")`, `has_category("industry / retail")`). One declaration
// per attribute, from which the rule checker, `tierctl policy check --metrics` and the
// reference in docs/finance-lead.md are derived; each plugin says which it serves.
#pragma once

#include <string>
#include <vector>

namespace tierd {

struct AttributeSpec {
    std::string name;
    // "text": one text value or none (`country = "DE"`); "categories": a set of names, read
    // only through has_category("...").
    std::string kind;
    std::string description;  // one line for people
};

// The name under which a customer's ERP categories are served.
constexpr const char* kCategoriesAttribute = "categories";

// Every attribute a policy may read, in documentation order.
const std::vector<AttributeSpec>& attribute_catalogue();
const AttributeSpec* find_attribute(const std::string& name);
std::vector<std::string> attribute_names();

}  // namespace tierd
