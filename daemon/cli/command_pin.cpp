// tierctl pin / unpin / approve: the finance lead's decisions that win over the rules.
// Pins are applied by the daemon (the customer is queued at once); an approval applies the
// waiting move itself, in one transaction with its audit row.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <pqxx/pqxx>

#include "cli/cli_support.hpp"
#include "cli/customer_reference.hpp"
#include "cli/daemon_config_defaults.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/policy_loader.hpp"
#include "store/state_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

std::string current_user() {
    for (const char* variable : {"SUDO_USER", "USER", "LOGNAME"}) {
        if (const char* value = std::getenv(variable); value && *value) return value;
    }
    const passwd* entry = getpwuid(getuid());
    return entry ? entry->pw_name : "unknown";
}

// The options every decision command takes, and the customer as first positional argument.
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
        throw UsageError("the policy has no classification '" + name + "'");
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

// A decision about one customer: its parsed options, the policy and the classification.
struct DecisionRequest {
    po::variables_map values;
    std::string customer;  // as typed: resolved once the database is open
    Policy policy;
    size_t classification_index = 0;

    const Classification& classification() const {
        return policy.classifications[classification_index];
    }
};

// Parses a decision command taking just a customer; nullopt when --help was printed.
std::optional<DecisionRequest> parse_customer_decision(const Arguments& args,
                                                       const std::string& command) {
    const auto options = decision_options("tierctl " + command);
    po::positional_options_description positional;
    positional.add("customer", 1);
    const std::string usage = "tierctl " + command + " CUSTOMER --db URI";
    const std::string example = "tierctl " + command +
                                " \"ACME GmbH\" --classification credit_grade --policy "
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
    tx.commit();
    std::cout << customer.label() << " pinned to " << tier << " in " << classification.name
              << (until ? " until " + *until : "") << "; tierd applies it at once\n";
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
    tx.commit();
    std::cout << customer.label() << " unpinned in " << classification.name
              << "; the rules decide again from now\n";
    return 0;
}

int command_approve(const Arguments& args) {
    const auto request = parse_customer_decision(args, "approve");
    if (!request) return 0;
    const Policy& policy = request->policy;
    const Classification& classification = request->classification();
    const po::variables_map& values = request->values;
    const InstalledDatabase database(values["db"].as<std::string>(), "approve a move");
    pqxx::work tx(*database.connection, "tierctl_approve");
    const CustomerName named = resolve_customer(tx, *database.plugin, request->customer);
    const long long customer = named.id;
    // The daemon holds this lock while it processes the customer: wait for it.
    tx.exec_params(database.queries.get("customer_lock"), customer);
    const ErpPlugin& plugin = *database.plugin;
    plugin.check_policy(policy);
    const StateRepository states(database.queries);
    auto loaded = states.load(tx, {customer});
    const auto found = loaded.find({customer, classification.name});
    if (found == loaded.end() || !found->second.pending_tier) {
        throw UsageError(named.label() + " has no move awaiting approval in " +
                         classification.name);
    }
    CustomerState state = found->second;
    const auto metrics = plugin.compute_metrics(
        tx, {customer}, metric_request(policy, std::chrono::system_clock::now()));
    TierChange change;
    change.customer_id = customer;
    change.from_tier = state.tier;
    change.to_tier = *state.pending_tier;
    change.rule = state.pending_rule;
    change.trigger = "approval";
    change.actor = values["actor"].as<std::string>();
    const auto values_found = metrics.find(customer);
    TierChangeWriter(plugin, database.queries)
        .write(tx, policy, classification, change,
               values_found == metrics.end() ? MetricValues{} : values_found->second);
    state.tier = change.to_tier;
    state.since = std::chrono::system_clock::now();
    state.pending_tier.reset();
    state.pending_rule.clear();
    state.candidate_tier.reset();
    state.candidate_count = 0;
    state.candidate_since.reset();
    states.save(tx, customer, classification.name, state);
    tx.commit();
    std::cout << named.label() << " moved " << change.from_tier.value_or("(none)") << " -> "
              << change.to_tier << " in " << classification.name << ", approved by " << change.actor
              << "\n";
    return 0;
}

}  // namespace tierd
