// Reads and writes of tierd.customer_state.
#include "store/state_repository.hpp"

#include <pqxx/pqxx>

#include "store/pg_array.hpp"

namespace tierd {

CustomerTiers StateRepository::load(pqxx::transaction_base& tx,
                                    const std::vector<long long>& customers) const {
    CustomerTiers tiers;
    for (const auto& row : tx.exec_params(queries_.get("state_load"), to_pg_array(customers))) {
        tiers[{row[0].as<long long>(), row[1].as<std::string>()}] = row[2].as<std::string>();
    }
    return tiers;
}

void StateRepository::save(pqxx::transaction_base& tx, long long customer,
                           const std::string& classification, const std::string& tier) const {
    tx.exec_params(queries_.get("state_save"), customer, classification, tier);
}

}  // namespace tierd
