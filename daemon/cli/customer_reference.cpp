// Resolving a customer reference: exact matches by id, code and name; several distinct
// customers are ambiguous, none is unknown (with similar names as the hint).
#include "cli/customer_reference.hpp"

#include <algorithm>
#include <set>

#include "core/comma_list.hpp"
#include "core/errors.hpp"

namespace tierd {

namespace {

// "id:", "code:" or "name:" in front of the text says how to match it.
struct Reference {
    std::string text;
    std::string only;  // empty: any of id, code, name
};

Reference parse_reference(const std::string& typed) {
    for (const char* kind : {"id", "code", "name"}) {
        const std::string prefix = std::string(kind) + ":";
        if (typed.rfind(prefix, 0) == 0) return {typed.substr(prefix.size()), kind};
    }
    return {typed, ""};
}

std::string candidates(const std::vector<CustomerMatch>& matches, bool with_how) {
    std::vector<std::string> labels;
    for (const auto& match : matches) {
        labels.push_back(match.customer.label() + (with_how ? " by " + match.matched_by : ""));
    }
    return comma_list(labels);
}

}  // namespace

CustomerName resolve_customer(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                              const std::string& typed) {
    const Reference reference = parse_reference(typed);
    if (reference.text.empty()) {
        throw UsageError("no customer given", "give its id, ERP code or exact name");
    }
    if (reference.only == "id" && !std::all_of(reference.text.begin(), reference.text.end(),
                                               [](char c) { return c >= '0' && c <= '9'; })) {
        throw UsageError("'" + reference.text + "' is not a customer id",
                         "an id is a whole number, e.g. id:17");
    }
    std::vector<CustomerMatch> exact, similar;
    std::set<long long> distinct;
    for (auto& match : plugin.find_customers(tx, reference.text)) {
        if (match.matched_by == "similar") {
            similar.push_back(std::move(match));
        } else if (reference.only.empty() || match.matched_by == reference.only) {
            distinct.insert(match.customer.id);
            exact.push_back(std::move(match));
        }
    }
    if (distinct.size() == 1) return exact.front().customer;
    if (distinct.size() > 1) {
        throw UsageError("'" + reference.text + "' may mean " + std::to_string(distinct.size()) +
                             " customers: " + candidates(exact, true),
                         "give its id or code, or say which with id:, code: or name:");
    }
    const std::string how = reference.only.empty() ? "id, code or name" : reference.only;
    throw UsageError("no customer '" + reference.text + "' (by " + how + ") in the ERP",
                     similar.empty() ? "give its id, ERP code or exact name"
                                     : "names that contain it: " + candidates(similar, false));
}

}  // namespace tierd
