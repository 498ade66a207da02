// Customers as people know them: their ERP name and code beside tierd's id. The plugin's
// customers_find.sql finds customers by what a person typed, customers_names.sql names a whole
// list of ids in one query, so every table shows "name (code)" without a query per row.
#pragma once

#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace tierd {

class ErpPlugin;

// One customer as the ERP names it.
struct CustomerName {
    long long id = 0;
    std::string code;  // empty when the ERP record has none
    std::string name;

    // "ACME GmbH (C-1042, id 17)": how a sentence names the customer.
    std::string label() const;
};

// A customer that a text may mean, and how it matched: "id", "code", "name", or "similar"
// (its name contains the text, in any case: only offered as a hint).
struct CustomerMatch {
    CustomerName customer;
    std::string matched_by;
};

// Names of a list of customers, looked up once: build it with every id a table shows,
// then ask for each row's name and code. Ids the ERP does not know have empty names.
//
//     const auto names = CustomerNames::lookup(tx, plugin, ids);
//     row << id << names.name(id) << names.code(id);
class CustomerNames {
  public:
    CustomerNames() = default;
    static CustomerNames lookup(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                                const std::vector<long long>& ids);

    const CustomerName* find(long long id) const;
    std::string name(long long id) const;  // "" when unknown
    std::string code(long long id) const;  // "" when unknown or without a code
    // The customer's label() ("customer 17 (not in the ERP)" when unknown).
    std::string label(long long id) const;
    const std::map<long long, CustomerName>& all() const { return names_; }

  private:
    std::map<long long, CustomerName> names_;
};

}  // namespace tierd
