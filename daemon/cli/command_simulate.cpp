// tierctl simulate NEW_POLICY: what a new policy would do if it went live now, for every
// customer, read in one read-only transaction and decided by the daemon's own rules of
// change; the per-customer lines are printed as they are decided, the totals at the end.
#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "cli/cli_support.hpp"
#include "cli/csv_cell.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "pipeline/policy_simulation.hpp"
#include "policy/policy_loader.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

const char* const kUsage =
    "tierctl simulate NEW_POLICY [--current POLICY] [--format table|csv|json] --db URI";

std::string iso_time(TimePoint when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string waits_until(const SimulatedOutcome& outcome) {
    std::string text;
    if (outcome.evaluations_left > 0) {
        text = fmt::format("{} more evaluation(s)", outcome.evaluations_left);
    }
    if (outcome.until) text += (text.empty() ? "" : " and ") + iso_time(*outcome.until);
    return text;
}

nlohmann::json outcome_json(const SimulatedOutcome& outcome) {
    return {
        {"kind", outcome_kind_name(outcome.kind)},
        {"customer_id", outcome.customer_id},
        {"customer_code", outcome.customer.code},
        {"customer_name", outcome.customer.name},
        {"classification", outcome.classification->name},
        {"from_tier", outcome.from_tier ? nlohmann::json(*outcome.from_tier) : nlohmann::json()},
        {"to_tier", outcome.to_tier},
        {"direction",
         outcome.direction.empty() ? nlohmann::json() : nlohmann::json(outcome.direction)},
        {"rule", outcome.rule},
        {"metrics", nlohmann::json::parse(outcome.metrics_json)},
        {"explanation", outcome.explanation},
        {"until", outcome.until ? nlohmann::json(iso_time(*outcome.until)) : nlohmann::json()},
        {"evaluations_left", outcome.evaluations_left}};
}

const char* const kCsvHeader =
    "kind,customer_id,customer_code,customer_name,classification,from_tier,to_tier,direction,"
    "rule,metrics,until,"
    "evaluations_left,explanation";

std::string outcome_csv(const SimulatedOutcome& outcome) {
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}", outcome_kind_name(outcome.kind),
                       outcome.customer_id, csv_cell(outcome.customer.code),
                       csv_cell(outcome.customer.name), csv_cell(outcome.classification->name),
                       csv_cell(outcome.from_tier.value_or("")), csv_cell(outcome.to_tier),
                       outcome.direction, csv_cell(outcome.rule), csv_cell(outcome.metrics_json),
                       outcome.until ? iso_time(*outcome.until) : "", outcome.evaluations_left,
                       csv_cell(outcome.explanation));
}

std::string outcome_line(const SimulatedOutcome& outcome) {
    const std::string from = outcome.from_tier.value_or("(none)");
    const std::string direction = outcome.direction.empty() ? "" : " (" + outcome.direction + ")";
    std::string what;
    switch (outcome.kind) {
        case SimulatedOutcome::Kind::move:
            what = "moves";
            break;
        case SimulatedOutcome::Kind::approval:
            what = "waits for approval:";
            break;
        case SimulatedOutcome::Kind::pinned:
            what = "held by a pin, the rules say";
            break;
        case SimulatedOutcome::Kind::waiting:
            what = "waits (" + waits_until(outcome) + ") to move";
            break;
    }
    return fmt::format("  {} {}: {} {} -> {}{} | rule: {} | {}", outcome.customer.label(),
                       outcome.classification->name, what, from, outcome.to_tier, direction,
                       outcome.rule, outcome.metrics_json);
}

// The tiers of a matrix, in the classification's order, then any others (a tier gone from
// the policy, "(none)").
std::vector<std::string> matrix_tiers(const ClassificationSimulation& simulated, bool rows) {
    std::vector<std::string> tiers;
    std::set<std::string> seen;
    for (const auto& tier : simulated.classification->tiers) {
        tiers.push_back(tier.name);
        seen.insert(tier.name);
    }
    for (const auto& [cell, count] : simulated.matrix) {
        const std::string& tier = rows ? cell.first : cell.second;
        if (seen.insert(tier).second) tiers.push_back(tier);
    }
    return tiers;
}

void print_table_summary(const SimulationSummary& summary) {
    for (const auto& simulated : summary.classifications) {
        const auto rows = matrix_tiers(simulated, true);
        const auto columns = matrix_tiers(simulated, false);
        std::cout << "\n"
                  << simulated.classification->name
                  << ": customers by tier now (rows) and under the new policy (columns)\n";
        std::cout << fmt::format("  {:<12}", "");
        for (const auto& column : columns) std::cout << fmt::format("{:>10}", column);
        std::cout << "\n";
        for (const auto& row : rows) {
            long long in_row = 0;
            for (const auto& column : columns) {
                const auto cell = simulated.matrix.find({row, column});
                if (cell != simulated.matrix.end()) in_row += cell->second;
            }
            if (in_row == 0) continue;
            std::cout << fmt::format("  {:<12}", row);
            for (const auto& column : columns) {
                const auto cell = simulated.matrix.find({row, column});
                std::cout << fmt::format("{:>10}",
                                         cell == simulated.matrix.end() ? 0 : cell->second);
            }
            std::cout << "\n";
        }
        const auto count = [&](SimulatedOutcome::Kind kind) {
            const auto found = simulated.outcomes.find(kind);
            return found == simulated.outcomes.end() ? 0LL : found->second;
        };
        std::cout << fmt::format(
            "  moves {}, waiting for approval {}, held by a pin {}, waiting for upgrade_after "
            "or grace {}\n",
            count(SimulatedOutcome::Kind::move), count(SimulatedOutcome::Kind::approval),
            count(SimulatedOutcome::Kind::pinned), count(SimulatedOutcome::Kind::waiting));
        for (const auto& field : simulated.fields) {
            std::cout << fmt::format(
                "  {} by tier: customers and sum, now -> under the new policy\n", field);
            double before_total = 0, after_total = 0;
            for (const auto& tier : columns) {
                const auto found = simulated.tiers.find(tier);
                if (found == simulated.tiers.end()) continue;
                const FieldTotals& totals = found->second;
                const auto sum = [&](const std::map<std::string, double>& sums) {
                    const auto value = sums.find(field);
                    return value == sums.end() ? 0.0 : value->second;
                };
                before_total += sum(totals.before);
                after_total += sum(totals.after);
                std::cout << fmt::format("    {:<12}{:>8} {:>16.2f}  ->{:>8} {:>16.2f}\n", tier,
                                         totals.customers_before, sum(totals.before),
                                         totals.customers_after, sum(totals.after));
            }
            std::cout << fmt::format("    {:<12}{:>8} {:>16.2f}  ->{:>8} {:>16.2f}\n", "total", "",
                                     before_total, "", after_total);
        }
    }
}

nlohmann::json summary_json(const SimulationSummary& summary) {
    nlohmann::json classifications = nlohmann::json::array();
    for (const auto& simulated : summary.classifications) {
        nlohmann::json matrix = nlohmann::json::array();
        for (const auto& [cell, count] : simulated.matrix) {
            matrix.push_back(
                {{"from_tier", cell.first}, {"to_tier", cell.second}, {"customers", count}});
        }
        nlohmann::json outcomes = nlohmann::json::object();
        for (const auto kind : {SimulatedOutcome::Kind::move, SimulatedOutcome::Kind::approval,
                                SimulatedOutcome::Kind::pinned, SimulatedOutcome::Kind::waiting}) {
            const auto found = simulated.outcomes.find(kind);
            outcomes[outcome_kind_name(kind)] =
                found == simulated.outcomes.end() ? 0 : found->second;
        }
        nlohmann::json tiers = nlohmann::json::array();
        for (const auto& [tier, totals] : simulated.tiers) {
            tiers.push_back({{"tier", tier},
                             {"customers_before", totals.customers_before},
                             {"customers_after", totals.customers_after},
                             {"set_before", totals.before},
                             {"set_after", totals.after}});
        }
        classifications.push_back({{"name", simulated.classification->name},
                                   {"matrix", matrix},
                                   {"outcomes", outcomes},
                                   {"tiers", tiers}});
    }
    return classifications;
}

}  // namespace

int command_simulate(const Arguments& args) {
    const char* env_policy = std::getenv("TIERD_POLICY");
    po::options_description options("tierctl simulate");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "current", po::value<std::string>()->default_value(env_policy ? env_policy : ""),
        "the policy in force (default $TIERD_POLICY): what its tiers set is the 'before' of the "
        "sums; without it, the new policy's values for the current tiers")(
        "format", po::value<std::string>()->default_value("table"), "table, csv or json")(
        "chunk", po::value<size_t>()->default_value(5000), "customers read at a time")(
        "policy", po::value<std::string>(), "the new policy (the first argument)");
    po::positional_options_description positional;
    positional.add("policy", 1);
    const auto values = parse_options(args, options, positional, "tierctl simulate");
    if (values.count("help")) {
        std::cout << "usage: " << kUsage << "\n"
                  << "example: tierctl simulate policy-v8.yaml --current /etc/tierd/policy.yaml "
                     "--db postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    if (!values.count("policy")) throw UsageError("no policy given", kUsage);
    const std::string format = values["format"].as<std::string>();
    if (format != "table" && format != "csv" && format != "json") {
        throw UsageError("'" + format + "' is not allowed for the --format option",
                         "allowed values are table, csv, json");
    }
    if (values["chunk"].as<size_t>() == 0) throw UsageError("--chunk must be at least 1");
    const Policy policy = load_policy_file(values["policy"].as<std::string>());
    std::optional<Policy> current;
    if (!values["current"].as<std::string>().empty()) {
        current = load_policy_file(values["current"].as<std::string>());
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "simulate the policy");
    database.plugin->check_policy(policy);
    // One snapshot for the metrics and the states, and nothing written: the database refuses
    // any write in a READ ONLY transaction.
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(
        *database.connection, "tierctl_simulate");
    database.plugin->check_database(tx, &policy);
    const TimePoint now = std::chrono::system_clock::now();
    const PolicySimulation simulation(*database.plugin, database.queries, policy,
                                      current ? &*current : nullptr);

    bool first = true;
    if (format == "json") {
        std::cout << "{\"policy\": " << nlohmann::json(policy.file).dump()
                  << ", \"version\": " << nlohmann::json(policy.version).dump()
                  << ", \"as_of\": " << nlohmann::json(iso_time(now)).dump()
                  << ",\n\"outcomes\": [";
    } else if (format == "csv") {
        std::cout << kCsvHeader << "\n";
    } else {
        std::cout << "simulating " << policy.file << " (version " << policy.version
                  << ") as if it went live at " << iso_time(now)
                  << "; customers it would move or hold:\n";
    }
    const auto summary =
        simulation.run(tx, now, values["chunk"].as<size_t>(), [&](const SimulatedOutcome& outcome) {
            if (format == "json") {
                std::cout << (first ? "\n" : ",\n") << outcome_json(outcome).dump();
            } else if (format == "csv") {
                std::cout << outcome_csv(outcome) << "\n";
            } else {
                std::cout << outcome_line(outcome) << "\n";
            }
            first = false;
        });
    tx.commit();
    if (format == "json") {
        std::cout << "],\n\"customers\": " << summary.customers
                  << ",\n\"classifications\": " << summary_json(summary).dump() << "}\n";
    } else if (format == "table") {
        if (first) std::cout << "  (none)\n";
        std::cout << "\n" << summary.customers << " customers evaluated\n";
        print_table_summary(summary);
    }
    return 0;
}

}  // namespace tierd
