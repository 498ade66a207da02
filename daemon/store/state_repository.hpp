// Each customer's standing per classification (tierd.customer_state) with its pins
// (tierd.pin), read and written as CustomerState.
#pragma once

#include <map>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "rules/customer_state.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

using CustomerStates = std::map<std::pair<long long, std::string>, CustomerState>;

struct StateUpdate {
    long long customer_id = 0;
    std::string classification;
    CustomerState state;
};

class StateRepository {
  public:
    explicit StateRepository(const SqlQueries& queries) : queries_(queries) {}

    // (customer, classification) -> state, for the given customers; a customer with a pin
    // but never classified has a state holding only the pin.
    CustomerStates load(pqxx::transaction_base& tx, const std::vector<long long>& customers) const;
    // Stores the state (not the pin, which only people change).
    void save(pqxx::transaction_base& tx, long long customer, const std::string& classification,
              const CustomerState& state) const;
    // Stores many states in one statement; a (customer, classification) at most once.
    void save_all(pqxx::transaction_base& tx, const std::vector<StateUpdate>& updates) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
