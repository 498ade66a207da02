// tierctl policy check: validates a policy file and summarises it for the finance lead.
#include <iostream>

#include "cli/cli_support.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "core/share_dir.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/attribute_catalogue.hpp"
#include "policy/policy_loader.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {
void print_summary(const Policy& policy) {
    std::cout << policy.file << ": policy version " << policy.version << " is valid (sha256 "
              << policy.content_hash.substr(0, 12) << ")\n";
    for (const auto& classification : policy.classifications) {
        std::cout << "\n"
                  << classification.name << " -> " << classification.target << " (tried top down; "
                  << (classification.best == BestEnd::last ? "the last" : "the first")
                  << " is the best)\n";
        for (const auto& tier : classification.tiers) {
            std::cout << "  " << tier.name << ": "
                      << (tier.is_default ? "(default: when no rule above holds)" : tier.when_text);
            if (tier.immediate) std::cout << "  [immediate]";
            if (tier.upgrade_after) {
                std::cout << "  [upgrades into it wait";
                if (tier.upgrade_after->evaluations) {
                    std::cout << " " << tier.upgrade_after->evaluations << " evaluation(s)";
                }
                if (tier.upgrade_after->holding) {
                    std::cout << " " << tier.upgrade_after->holding->to_string();
                }
                std::cout << "]";
            }
            for (const auto& value : tier.set)
                std::cout << "  " << value.field << "=" << value.value;
            std::cout << "\n";
        }
        if (!classification.initial_tier.empty()) {
            std::cout << "  new customers start in " << classification.initial_tier << "\n";
        }
        if (classification.downgrade_grace) {
            std::cout << "  downgrades wait " << classification.downgrade_grace->to_string()
                      << " of grace\n";
        }
        for (const auto& rule : classification.approvals) {
            const auto list = [](const std::vector<std::string>& tiers) {
                std::string text;
                for (const auto& tier : tiers) text += (text.empty() ? "" : ", ") + tier;
                return text.empty() ? std::string("any tier") : text;
            };
            const std::string moves = rule.direction.empty() ? "moves" : rule.direction + "s";
            if (rule.jumps_of_more_than) {
                std::cout << "  " << moves << " of more than " << rule.jumps_of_more_than
                          << " tier(s) need approval\n";
            } else {
                std::cout << "  " << moves << " from " << list(rule.from) << " to " << list(rule.to)
                          << " need approval\n";
            }
        }
    }
}

void print_metrics() {
    std::cout << "metrics (windowed ones take a window, e.g. revenue(365d)):\n";
    for (const auto& metric : metric_catalogue()) {
        std::cout << "  " << metric.name << (metric.windowed ? "(window)" : "") << "  ["
                  << metric.unit << "] " << metric.description << "\n";
    }
    std::cout << "attributes (who the customer is; compare with =, != and in, categories with "
                 "has_category(\"...\")):\n";
    for (const auto& attribute : attribute_catalogue()) {
        std::cout << "  " << attribute.name << "  [" << attribute.kind << "] "
                  << attribute.description << "\n";
    }
}
}  // namespace

int command_policy_check(const Arguments& args) {
    po::options_description options("tierctl policy check");
    options.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                      "the policy file")(
        "plugin", po::value<std::string>(),
        "also check targets and metrics against this ERP plugin")(
        "metrics", "list the metrics and attributes rules can use");
    po::positional_options_description positional;
    positional.add("file", 1);
    const auto values = parse_options(args, options, positional, "tierctl policy check");
    if (values.count("help")) {
        std::cout << "usage: tierctl policy check FILE [--plugin ERP]\n"
                  << "example: tierctl policy check /etc/tierd/policy.yaml\n"
                  << options << "\n";
        return 0;
    }
    if (values.count("metrics")) {
        print_metrics();
        if (!values.count("file")) return 0;
    }
    if (!values.count("file"))
        throw UsageError("no policy file given", "tierctl policy check policy.yaml");
    const Policy policy = load_policy_file(values["file"].as<std::string>());
    if (values.count("plugin")) {
        ErpPlugin::load(share_dir() / "plugins", values["plugin"].as<std::string>())
            .check_policy(policy);
    }
    for (const auto& warning : policy.warnings) std::cerr << describe_warning(warning) << "\n";
    print_summary(policy);
    return 0;
}

}  // namespace tierd
