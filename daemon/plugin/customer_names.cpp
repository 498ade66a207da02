// Batch lookups of customers' names and codes through the plugin.
#include "plugin/customer_names.hpp"

#include "plugin/erp_plugin.hpp"

namespace tierd {

std::string CustomerName::label() const {
    return name + " (" + (code.empty() ? "" : code + ", ") + "id " + std::to_string(id) + ")";
}

CustomerNames CustomerNames::lookup(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                                    const std::vector<long long>& ids) {
    CustomerNames names;
    if (ids.empty()) return names;
    for (auto& customer : plugin.customer_names(tx, ids)) {
        names.names_.emplace(customer.id, std::move(customer));
    }
    return names;
}

const CustomerName* CustomerNames::find(long long id) const {
    const auto found = names_.find(id);
    return found == names_.end() ? nullptr : &found->second;
}

std::string CustomerNames::name(long long id) const {
    const CustomerName* found = find(id);
    return found ? found->name : std::string();
}

std::string CustomerNames::code(long long id) const {
    const CustomerName* found = find(id);
    return found ? found->code : std::string();
}

std::string CustomerNames::label(long long id) const {
    const CustomerName* found = find(id);
    return found ? found->label() : "customer " + std::to_string(id) + " (not in the ERP)";
}

}  // namespace tierd
