// tierctl pin / unpin: the finance lead's holds that win over the rules. The daemon applies
// them (the customer is queued at once), so each says whether a daemon is there to do it.
#include <iostream>
#include <pqxx/pqxx>

#include "cli/cli_support.hpp"
#include "cli/customer_reference.hpp"
#include "cli/decision_request.hpp"
#include "cli/installed_database.hpp"
#include "core/errors.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

void queue_for_evaluation(pqxx::transaction_base& tx, const SqlQueries& queries,
                          long long customer) {
    tx.exec_params(queries.get("queue_customer"), customer, "manual");
}

}  // namespace

int command_pin(const Arguments& args) {
    auto options = decision_options("tierctl pin");
    options.add_options()("tier", po::value<std::string>(), "the tier to hold the customer in")(
        "until", po::value<std::string>(), "YYYY-MM-DD: the pin ends at the start of that day")(
        "reason", po::value<std::string>(), "why (required; goes into the audit log)");
    po::positional_options_description positional;
    positional.add("customer", 1).add("tier", 1);
    const std::string usage = "tierctl pin CUSTOMER TIER --reason TEXT [--until DATE] --db URI";
    const auto values = parse_options(args, options, positional, "tierctl pin");
    if (values.count("help")) {
        std::cout << "usage: " << usage << "\n"
                  << "example: tierctl pin \"ACME GmbH\" A --reason \"key account\" --until "
                     "2027-01-31 --policy /etc/tierd/policy.yaml\n"
                  << options << "\n";
        return 0;
    }
    const std::string typed = required_customer(values, usage);
    if (!values.count("tier")) throw UsageError("no tier given", usage);
    if (!values.count("reason") || values["reason"].as<std::string>().empty()) {
        throw UsageError("a pin needs a --reason", "it is recorded in the audit log");
    }
    const Policy policy = required_policy(values);
    const Classification& classification = chosen_classification(policy, values);
    const std::string tier = values["tier"].as<std::string>();
    if (!classification.find_tier(tier)) {
        throw UsageError("'" + tier + "' is not a tier of classification '" + classification.name +
                         "'");
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "pin a customer");
    pqxx::work tx(*database.connection, "tierctl_pin");
    const CustomerName customer = resolve_customer(tx, *database.plugin, typed);
    std::optional<std::string> until;
    if (values.count("until")) until = values["until"].as<std::string>();
    try {
        tx.exec_params(database.queries.get("pin_save"), customer.id, classification.name, tier,
                       until, values["reason"].as<std::string>(),
                       values["actor"].as<std::string>());
    } catch (const pqxx::data_exception& error) {
        throw UsageError("--until '" + until.value_or("") + "' is not a date", "write YYYY-MM-DD");
    }
    queue_for_evaluation(tx, database.queries, customer.id);
    const long long daemons = daemons_running(tx, database.queries);
    tx.commit();
    std::cout << customer.label() << " pinned to " << tier << " in " << classification.name
              << (until ? " until " + *until : "") << when_applied(daemons) << "\n";
    return 0;
}

int command_unpin(const Arguments& args) {
    const auto request = parse_customer_decision(args, "unpin");
    if (!request) return 0;
    const Classification& classification = request->classification();
    const InstalledDatabase database(request->values["db"].as<std::string>(), "unpin a customer");
    pqxx::work tx(*database.connection, "tierctl_unpin");
    const CustomerName customer = resolve_customer(tx, *database.plugin, request->customer);
    const auto removed =
        tx.exec_params(database.queries.get("pin_delete"), customer.id, classification.name);
    if (removed.empty()) {
        std::cout << customer.label() << " has no pin in " << classification.name << "\n";
        return 0;
    }
    queue_for_evaluation(tx, database.queries, customer.id);
    const long long daemons = daemons_running(tx, database.queries);
    tx.commit();
    std::cout << customer.label() << " unpinned in " << classification.name
              << "; the rules decide again" << when_applied(daemons) << "\n";
    return 0;
}

}  // namespace tierd
