// Each customer's current tier per classification (tierd.customer_state).
#pragma once

#include <map>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "store/sql_queries.hpp"

namespace tierd {

using CustomerTiers = std::map<std::pair<long long, std::string>, std::string>;

class StateRepository {
  public:
    explicit StateRepository(const SqlQueries& queries) : queries_(queries) {}

    // (customer, classification) -> tier, for the given customers.
    CustomerTiers load(pqxx::transaction_base& tx, const std::vector<long long>& customers) const;
    void save(pqxx::transaction_base& tx, long long customer, const std::string& classification,
              const std::string& tier) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
