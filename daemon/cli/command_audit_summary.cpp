// tierctl audit summary: the moves of the audit log per day or week, classification and
// direction, over the rows the same filters as `tierctl audit` choose.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/transaction>

#include "cli/audit_options.hpp"
#include "cli/cli_support.hpp"
#include "cli/csv_cell.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

void print_table(const std::vector<AuditPeriodMoves>& moves, const std::string& period) {
    if (moves.empty()) {
        std::cout << "(no moves match)\n";
        return;
    }
    size_t width = std::string("classification").size();
    for (const auto& row : moves) width = std::max(width, row.classification.size());
    const std::string heading = period == "week" ? "week of" : "day";
    std::cout << fmt::format("{:<10}  {:<{}}  {:>8}  {:>10}  {:>5}\n", heading, "classification",
                             width, "upgrades", "downgrades", "other");
    for (const auto& row : moves) {
        std::cout << fmt::format("{:<10}  {:<{}}  {:>8}  {:>10}  {:>5}\n", row.period,
                                 row.classification, width, row.upgrades, row.downgrades,
                                 row.other);
    }
}

}  // namespace

int command_audit_summary(const Arguments& args) {
    po::options_description options("tierctl audit summary");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "by", po::value<std::string>()->default_value("day"),
        "day, or week (weeks start on Monday)");
    options.add(audit_filter_options()).add(audit_format_options(false));
    const auto values = parse_options(args, options, {}, "tierctl audit summary");
    if (values.count("help")) {
        std::cout << "usage: tierctl audit summary [--by day|week] [filters] "
                     "[--format table|csv|json] --db URI\n"
                  << "example: tierctl audit summary --by week --classification credit_grade "
                     "--since 2026-10-01 --db postgresql://tierd@localhost/erp\n"
                  << "Counts the moves (rows that change the tier) per period and classification: "
                     "upgrades, downgrades, and other (a first classification, or a move from a "
                     "tier the policy no longer has).\n"
                  << options << "\n";
        return 0;
    }
    const std::string period = values["by"].as<std::string>();
    if (period != "day" && period != "week") {
        throw UsageError("'" + period + "' is not allowed for the --by option",
                         "allowed values are day, week");
    }
    AuditFilter filter = parse_audit_filter(values);
    const AuditFormat format = parse_audit_format(values);
    const InstalledDatabase database(values["db"].as<std::string>(), "summarise the audit log");
    pqxx::read_transaction tx(*database.connection);
    resolve_audit_customer(values, tx, *database.plugin, filter);
    const auto moves = AuditRepository(database.queries).summary(tx, filter, period);
    switch (format) {
        case AuditFormat::table:
            print_table(moves, period);
            break;
        case AuditFormat::csv:
            std::cout << period << ",classification,upgrades,downgrades,other\n";
            for (const auto& row : moves) {
                std::cout << row.period << "," << csv_cell(row.classification) << ","
                          << row.upgrades << "," << row.downgrades << "," << row.other << "\n";
            }
            break;
        case AuditFormat::json:
            for (const auto& row : moves) {
                std::cout << nlohmann::json({{period, row.period},
                                             {"classification", row.classification},
                                             {"upgrades", row.upgrades},
                                             {"downgrades", row.downgrades},
                                             {"other", row.other}})
                                 .dump()
                          << "\n";
            }
            break;
    }
    return 0;
}

}  // namespace tierd
