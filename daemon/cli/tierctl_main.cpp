// tierctl: the command-line tool for people (install, policy check, audit, show).
#include <iostream>
#include <map>

#include "cli/cli_support.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"

using namespace tierd;

namespace {

struct Command {
    int (*run)(const Arguments&);
    const char* summary;
};

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
        {"install",
         {command_install, "install --plugin ERP --db URI: add tierd to an ERP database"}},
        {"uninstall", {command_uninstall, "uninstall --db URI [--purge]: remove the triggers"}},
        {"policy check", {command_policy_check, "policy check FILE: validate a policy"}},
        {"audit",
         {command_audit_list, "audit --db URI [filters] [--format F]: review the audit log"}},
        {"audit summary",
         {command_audit_summary, "audit summary --db URI [--by week]: moves per day or week"}},
        {"audit verify",
         {command_audit_verify, "audit verify --db URI [--head HASH]: prove the log unedited"}},
        {"show", {command_show, "show CUSTOMER --db URI: a customer's tiers"}},
        {"metrics", {command_metrics, "metrics CUSTOMER|--all --db URI: what tierd measures"}},
        {"pin", {command_pin, "pin CUSTOMER TIER --reason TEXT [--until DATE]: hold a tier"}},
        {"unpin", {command_unpin, "unpin CUSTOMER: let the rules decide again"}},
        {"simulate",
         {command_simulate, "simulate NEW_POLICY --db URI: what a new policy would do now"}},
        {"approve", {command_approve, "approve CUSTOMER: apply a move awaiting approval"}},
        {"approvals", {command_approvals, "approvals [--format F]: the moves awaiting approval"}},
        {"reject", {command_reject, "reject CUSTOMER --reason TEXT: keep a customer where it is"}},
        {"explain",
         {command_explain, "explain CUSTOMER: why a customer is where it is, rule by rule"}},
        {"report",
         {command_report, "report [--since DAY] [--until DAY] --db URI: the report by class"}},
        {"reference",
         {command_reference, "reference TOPIC: the docs' reference tables, as Markdown"}},
    };
    return table;
}

void print_usage(std::ostream& out) {
    out << "usage: tierctl COMMAND [options]   (tierctl COMMAND --help for its options)\n"
        << "       tierctl --version\n\n";
    for (const auto& [name, command] : commands()) out << "  " << command.summary << "\n";
}

int dispatch(const Arguments& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(args.empty() ? std::cerr : std::cout);
        return args.empty() ? kExitBadInput : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::cout << version_line("tierctl") << "\n";
        return 0;
    }
    // Two-word commands ("policy check") win over one-word ones ("audit").
    if (args.size() >= 2) {
        const auto two = commands().find(args[0] + " " + args[1]);
        if (two != commands().end()) return two->second.run({args.begin() + 2, args.end()});
    }
    const auto one = commands().find(args[0]);
    if (one == commands().end()) {
        throw UsageError("unknown command '" + args[0] + "'", "run `tierctl --help`");
    }
    return one->second.run({args.begin() + 1, args.end()});
}

}  // namespace

int main(int argc, char** argv) {
    return run_guarded([&] { return dispatch({argv + 1, argv + argc}); });
}
