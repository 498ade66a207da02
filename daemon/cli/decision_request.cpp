// Options, policy, classification and actor of the decision commands.
#include "cli/decision_request.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <pqxx/pqxx>

#include "cli/cli_support.hpp"
#include "cli/customer_reference.hpp"
#include "cli/daemon_config_defaults.hpp"
#include "core/errors.hpp"
#include "policy/policy_loader.hpp"

namespace tierd {

namespace po = boost::program_options;

std::string current_user() {
    for (const char* variable : {"SUDO_USER", "USER", "LOGNAME"}) {
        if (const char* value = std::getenv(variable); value && *value) return value;
    }
    const passwd* entry = getpwuid(getuid());
    return entry ? entry->pw_name : "unknown";
}

po::options_description decision_options(const std::string& title) {
    po::options_description options(title);
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "policy",
        po::value<std::string>()->default_value(daemon_config_default("policy", "TIERD_POLICY")),
        "the policy in force (default $TIERD_POLICY or the daemon's config), to check tier "
        "names")("classification", po::value<std::string>(),
                 "which classification (needed when the policy has several)")(
        "actor", po::value<std::string>()->default_value(current_user()),
        "who decides, for the audit log")("customer", po::value<std::string>(), kCustomerHelp);
    return options;
}

const Classification& chosen_classification(const Policy& policy, const po::variables_map& values) {
    if (values.count("classification")) {
        const std::string name = values["classification"].as<std::string>();
        if (const auto* found = policy.find_classification(name)) return *found;
        std::string names;
        for (const auto& classification : policy.classifications) {
            names += (names.empty() ? "" : ", ") + classification.name;
        }
        throw UsageError("the policy has no classification '" + name + "'",
                         "its classifications: " + names);
    }
    if (policy.classifications.size() != 1) {
        throw UsageError("the policy has several classifications",
                         "say which with --classification");
    }
    return policy.classifications.front();
}

Policy required_policy(const po::variables_map& values) {
    const std::string path = values["policy"].as<std::string>();
    if (path.empty()) throw UsageError("no policy given", "pass --policy FILE or set TIERD_POLICY");
    return load_policy_file(path);
}

std::string required_customer(const po::variables_map& values, const std::string& usage) {
    if (!values.count("customer")) throw UsageError("no customer given", usage);
    return values["customer"].as<std::string>();
}

std::optional<DecisionRequest> parse_customer_decision(const Arguments& args,
                                                       const std::string& command,
                                                       const po::options_description& extra,
                                                       const std::string& extra_usage) {
    auto options = decision_options("tierctl " + command);
    options.add(extra);
    po::positional_options_description positional;
    positional.add("customer", 1);
    const std::string usage = "tierctl " + command + " CUSTOMER" + extra_usage + " --db URI";
    const std::string example = "tierctl " + command + " \"ACME GmbH\"" + extra_usage +
                                " --classification credit_grade --policy "
                                "/etc/tierd/policy.yaml --db postgresql://tierd@localhost/erp";
    DecisionRequest request;
    request.values = parse_options(args, options, positional, "tierctl " + command);
    if (request.values.count("help")) {
        std::cout << "usage: " << usage << "\nexample: " << example << "\n" << options << "\n";
        return std::nullopt;
    }
    request.customer = required_customer(request.values, usage);
    request.policy = required_policy(request.values);
    request.classification_index =
        static_cast<size_t>(&chosen_classification(request.policy, request.values) -
                            &request.policy.classifications[0]);
    return request;
}

long long daemons_running(pqxx::transaction_base& tx, const SqlQueries& queries) {
    return tx.exec(queries.get("daemons_running"))[0][0].as<long long>();
}

std::string when_applied(long long daemons) {
    if (daemons > 0) return "; tierd applies it at once";
    return "; no tierd daemon is running on this database: it takes effect when one starts";
}

}  // namespace tierd
