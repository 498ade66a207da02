// The attribute declarations.
#include "policy/attribute_catalogue.hpp"

namespace tierd {

const std::vector<AttributeSpec>& attribute_catalogue() {
    static const std::vector<AttributeSpec> catalogue = {
        {"country", "text",
         "ISO 3166-1 code of the country of the customer's invoice address, e.g. \"DE\" (no "
         "value without an address or a country)"},
        {"subdivision", "text",
         "ISO 3166-2 code of the state or province of the invoice address, e.g. \"DE-BY\""},
        {"city", "text", "the city of the invoice address, as written in the ERP"},
        {"language", "text", "the customer's language code in the ERP, e.g. \"de\", \"zh_CN\""},
        {"industry", "text",
         "the customer's industry as the ERP records it, e.g. \"Wholesale/Retail\" (Odoo: the "
         "partner's Industry; the Tryton plugin serves none)"},
        {kCategoriesAttribute, "categories",
         "the categories the ERP's users gave the customer, by full name (\"industry / "
         "retail\"), tierd's own left out: read with has_category(\"...\")"},
    };
    return catalogue;
}

const AttributeSpec* find_attribute(const std::string& name) {
    for (const auto& attribute : attribute_catalogue()) {
        if (attribute.name == name) return &attribute;
    }
    return nullptr;
}

std::vector<std::string> attribute_names() {
    std::vector<std::string> names;
    for (const auto& attribute : attribute_catalogue()) names.push_back(attribute.name);
    return names;
}

}  // namespace tierd
