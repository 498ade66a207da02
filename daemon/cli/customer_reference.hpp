// What a person typed for a customer, resolved to one customer of the ERP. Every tierctl
// command that reads a customer takes it this way: its id, its ERP code or its exact name,
// or, to say which, "id:17", "code:C-1042" or "name:ACME GmbH".
//
//     const CustomerName customer = resolve_customer(tx, *database.plugin, text);
//
// Unknown or ambiguous: UsageError (exit 2) naming the candidates (name, code, id), or the
// customers whose name contains the text. For tables, name many ids at once with
// CustomerNames (plugin/customer_names.hpp).
#pragma once

#include <pqxx/transaction_base>
#include <string>

#include "plugin/customer_names.hpp"
#include "plugin/erp_plugin.hpp"

namespace tierd {

CustomerName resolve_customer(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                              const std::string& text);

// The option text every command shows for its CUSTOMER argument.
constexpr const char* kCustomerHelp = "the customer: its id, ERP code or exact name";

}  // namespace tierd
