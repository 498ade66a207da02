// tierctl metrics: every metric the installed plugin computes for a customer, as tierd sees
// it today; what a finance lead checks when a customer is not where they expect. With --all,
// every customer's metrics as CSV, read as a stream like the daemon's full pass.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <pqxx/pqxx>

#include "cli/cli_support.hpp"
#include "cli/csv_cell.hpp"
#include "cli/customer_reference.hpp"
#include "cli/daemon_config_defaults.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/comma_list.hpp"
#include "core/date_or_time.hpp"
#include "core/errors.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "plugin/metric_stream.hpp"
#include "policy/attribute_catalogue.hpp"
#include "policy/policy_loader.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {
std::string format_value(const std::optional<double>& value, const std::string& missing) {
    return !value || std::isnan(*value) ? missing : fmt::format("{}", *value);
}

// An attribute's value as text; the categories joined by "; ".
std::string attribute_text(const MetricValues& values, const std::string& attribute,
                           const std::string& missing) {
    if (attribute != kCategoriesAttribute) return values.text(attribute).value_or(missing);
    std::string joined;
    for (const auto& category : values.categories()) {
        joined += (joined.empty() ? "" : "; ") + category;
    }
    return joined.empty() ? missing : joined;
}

// One CSV line per customer, in the order the stream yields them, with its ERP code and
// name (one lookup per chunk); an empty cell is a metric with nothing to measure yet.
void print_all_customers(pqxx::transaction_base& tx, const ErpPlugin& plugin,
                         const MetricRequest& request) {
    std::cout << "customer_id,customer_code,customer_name";
    for (const auto& key : request.keys) std::cout << "," << key.to_string();
    for (const auto& attribute : request.attributes.attributes) std::cout << "," << attribute;
    std::cout << "\n";
    MetricStream stream(tx, plugin, request);
    for (auto chunk = stream.next(5000); !chunk.empty(); chunk = stream.next(5000)) {
        std::vector<long long> ids;
        for (const auto& entry : chunk) ids.push_back(entry.first);
        const auto names = CustomerNames::lookup(tx, plugin, ids);
        for (const auto& [customer, values] : chunk) {
            std::cout << customer << "," << csv_cell(names.code(customer)) << ","
                      << csv_cell(names.name(customer));
            for (const auto& key : request.keys) {
                std::cout << "," << format_value(values.get(key), "");
            }
            for (const auto& attribute : request.attributes.attributes) {
                std::cout << "," << csv_cell(attribute_text(values, attribute, ""));
            }
            std::cout << "\n";
        }
    }
}
}  // namespace

int command_metrics(const Arguments& args) {
    po::options_description options("tierctl metrics");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "customer", po::value<std::string>(), kCustomerHelp)(
        "all", "every customer, as CSV (customer_id, then one column per metric)")(
        "window", po::value<std::vector<std::string>>()->default_value({"365d"}, "365d"),
        "window of the windowed metrics (repeatable)")(
        "company", po::value<std::string>()->default_value(""),
        "whose books (its name), when the database has several companies")(
        "as-of", po::value<std::string>(),
        "the day taken as today (YYYY-MM-DD; default today): windows, due dates and ages are "
        "counted from it, on the books as they are now")(
        "policy",
        po::value<std::string>()->default_value(daemon_config_default("policy", "TIERD_POLICY")),
        "the policy in force (default $TIERD_POLICY or the daemon's config): its "
        "classifications' categories are tierd's, not the customer's");
    po::positional_options_description positional;
    positional.add("customer", 1);
    const std::string usage =
        "tierctl metrics CUSTOMER|--all [--window 90d ...] [--company NAME] [--as-of DAY] --db "
        "URI";
    const auto values = parse_options(args, options, positional, "tierctl metrics");
    if (values.count("help")) {
        std::cout << "usage: " << usage << "\n"
                  << "example: tierctl metrics \"ACME GmbH\" --window 90d --db "
                     "postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const bool all = values.count("all") > 0;
    if (all == (values.count("customer") > 0)) {
        throw UsageError(all ? "give a customer or --all, not both" : "no customer given", usage);
    }
    std::string as_of = local_date(std::chrono::system_clock::now());
    if (values.count("as-of")) {
        const std::string text = values["as-of"].as<std::string>();
        const auto parsed = parse_date_or_time(text);
        if (!parsed || !parsed->is_date) {
            throw UsageError("'" + text + "' is not a day for --as-of", "write it as YYYY-MM-DD");
        }
        as_of = parsed->text;
    }
    std::set<MetricKey> keys;
    for (const auto& text : values["window"].as<std::vector<std::string>>()) {
        const auto window = parse_duration(text);
        if (!window || window->count <= 0 || window->unit == Duration::Unit::hours ||
            window->unit == Duration::Unit::seconds) {
            throw UsageError("--window '" + text + "' is not a window", "write e.g. 90d, 12m, 1y");
        }
        for (const auto& metric : metric_catalogue()) {
            if (metric.windowed) keys.insert({metric.name, window->to_string()});
        }
    }
    for (const auto& metric : metric_catalogue()) {
        if (!metric.windowed) keys.insert({metric.name, ""});
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "compute metrics");
    for (auto key = keys.begin(); key != keys.end();) {
        key = database.plugin->metrics().count(key->metric) ? std::next(key) : keys.erase(key);
    }
    pqxx::read_transaction tx(*database.connection);
    MetricRequest request{keys, as_of, values["company"].as<std::string>(), {}, {}};
    // Every attribute the plugin serves; the categories of the policy in force, if any, are
    // tierd's own and left out.
    request.attributes.attributes = database.plugin->attributes();
    if (const std::string policy = values["policy"].as<std::string>(); !policy.empty()) {
        for (const auto& classification : load_policy_file(policy).classifications) {
            request.classifications.push_back(classification.name);
        }
    }
    const auto companies = database.plugin->companies(tx);
    if (request.company.empty()
            ? companies.size() > 1
            : std::find(companies.begin(), companies.end(), request.company) == companies.end()) {
        throw UsageError(request.company.empty()
                             ? "the database has several companies: say whose books with --company"
                             : "no company '" + request.company + "' in the database",
                         "its companies: " + comma_list(companies));
    }
    if (all) {
        print_all_customers(tx, *database.plugin, request);
        return 0;
    }
    const CustomerName customer =
        resolve_customer(tx, *database.plugin, values["customer"].as<std::string>());
    const auto computed = database.plugin->compute_metrics(tx, {customer.id}, request);
    const auto found = computed.find(customer.id);
    if (found == computed.end()) {
        throw UsageError(customer.label() +
                         " is not a customer tierd can classify (inactive or merged)");
    }
    std::cout << "# " << customer.label() << ", as of " << request.as_of << "\n";
    for (const auto& key : keys) {
        const auto value = found->second.get(key);
        std::cout << fmt::format("{:<34} {}\n", key.to_string(),
                                 format_value(value, "(no value yet)"));
    }
    for (const auto& attribute : request.attributes.attributes) {
        std::cout << fmt::format("{:<34} {}\n", attribute,
                                 attribute_text(found->second, attribute, "(no value)"));
    }
    return 0;
}

}  // namespace tierd
