// tierctl explain CUSTOMER: why a customer is where it is and what happens next, under the
// policy in force, from the live books, in one read-only transaction.
#include <iostream>
#include <pqxx/pqxx>

#include "cli/audit_options.hpp"
#include "cli/cli_support.hpp"
#include "cli/customer_explanation.hpp"
#include "cli/customer_reference.hpp"
#include "cli/decision_request.hpp"
#include "cli/installed_database.hpp"
#include "core/errors.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "store/state_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

int command_explain(const Arguments& args) {
    auto options = decision_options("tierctl explain");
    options.add_options()("format", po::value<std::string>()->default_value("text"),
                          "text or json")(
        "audit-rows", po::value<long long>()->default_value(5),
        "how many of the customer's last audit rows to show per classification (0: none)");
    po::positional_options_description positional;
    positional.add("customer", 1);
    const std::string usage =
        "tierctl explain CUSTOMER [--classification NAME] [--format text|json] --db URI";
    const auto values = parse_options(args, options, positional, "tierctl explain");
    if (values.count("help")) {
        std::cout << "usage: " << usage << "\n"
                  << "example: tierctl explain \"ACME GmbH\" --policy /etc/tierd/policy.yaml "
                     "--db postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const std::string typed = required_customer(values, usage);
    const std::string format = values["format"].as<std::string>();
    if (format != "text" && format != "json") {
        throw UsageError("--format '" + format + "' is not a format of explain",
                         "write --format text or --format json");
    }
    const long long audit_rows = values["audit-rows"].as<long long>();
    if (audit_rows < 0) throw UsageError("--audit-rows must be 0 or more");
    const Policy policy = required_policy(values);
    std::vector<const Classification*> chosen;
    if (values.count("classification")) {
        chosen.push_back(&chosen_classification(policy, values));
    } else {
        for (const auto& classification : policy.classifications) chosen.push_back(&classification);
    }

    const InstalledDatabase database(values["db"].as<std::string>(), "explain a customer");
    const ErpPlugin& plugin = *database.plugin;
    plugin.check_policy(policy);
    pqxx::read_transaction tx(*database.connection);
    CustomerExplanation explanation;
    explanation.customer = resolve_customer(tx, plugin, typed);
    explanation.names = CustomerNames::lookup(tx, plugin, {explanation.customer.id});
    explanation.as_of = std::chrono::system_clock::now();
    explanation.policy = &policy;
    const long long id = explanation.customer.id;
    const auto metrics =
        plugin.compute_metrics(tx, {id}, metric_request(policy, explanation.as_of));
    const auto found = metrics.find(id);
    if (found == metrics.end()) {
        throw UsageError(explanation.customer.label() +
                         " is not a customer tierd can classify (inactive or merged)");
    }
    const auto states = StateRepository(database.queries).load(tx, {id});
    const AuditRepository audit(database.queries);
    for (const Classification* classification : chosen) {
        const auto stored = states.find({id, classification->name});
        auto each = explain_classification(
            *classification, stored == states.end() ? CustomerState{} : stored->second,
            found->second, explanation.as_of);
        if (audit_rows > 0) {
            AuditFilter filter;
            filter.customer_id = id;
            filter.classification = classification->name;
            each.audit = audit.list(tx, filter, audit_rows);
        }
        explanation.classifications.push_back(std::move(each));
    }
    if (format == "json") {
        std::cout << explanation_json(explanation).dump(2) << "\n";
    } else {
        print_explanation(std::cout, explanation);
    }
    return 0;
}

}  // namespace tierd
