// What the finance lead's decision commands (pin, unpin, approve, reject, explain) share:
// their options, the policy and classification they act in, the customer as typed, who
// decides, and whether a daemon is there to apply what waits for it.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "cli/tierctl_commands.hpp"
#include "policy/policy.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

// The person running tierctl, for the audit log ($SUDO_USER, $USER, ... or the uid's name).
std::string current_user();

// --help, --db, --policy, --classification, --actor and the positional --customer.
boost::program_options::options_description decision_options(const std::string& title);

// The classification --classification names, or the policy's only one.
const Classification& chosen_classification(const Policy& policy,
                                            const boost::program_options::variables_map& values);

// The policy --policy names (UsageError when none is given).
Policy required_policy(const boost::program_options::variables_map& values);

std::string required_customer(const boost::program_options::variables_map& values,
                              const std::string& usage);

// A decision about one customer: its parsed options, the policy and the classification.
struct DecisionRequest {
    boost::program_options::variables_map values;
    std::string customer;  // as typed: resolved once the database is open
    Policy policy;
    size_t classification_index = 0;

    const Classification& classification() const {
        return policy.classifications[classification_index];
    }
};

// Parses a command taking a customer and `extra` options; nullopt when --help was printed.
std::optional<DecisionRequest> parse_customer_decision(
    const Arguments& args, const std::string& command,
    const boost::program_options::options_description& extra = {},
    const std::string& extra_usage = "");

// How many tierd daemons work on this database now (their sessions, seen by any role).
long long daemons_running(pqxx::transaction_base& tx, const SqlQueries& queries);

// "; tierd applies it at once" or a warning that no daemon runs, for commands whose effect
// waits for the daemon.
std::string when_applied(long long daemons);

}  // namespace tierd
