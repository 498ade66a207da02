// tierctl audit / audit verify: the audit log for the auditor.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/transaction>

#include "cli/cli_support.hpp"
#include "cli/customer_reference.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {
po::options_description database_options(const std::string& title) {
    po::options_description options(title);
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI");
    return options;
}

std::string audit_line(const AuditRow& row, const CustomerNames& names) {
    const AuditEntry& entry = row.entry;
    return fmt::format(
        "#{} {} {} {}: {} -> {}{} [{}] by {} | rule: {} | metrics: {} | "
        "policy {} ({})",
        row.seq, row.recorded_at, names.label(entry.customer_id), entry.classification,
        entry.from_tier.value_or("(none)"), entry.to_tier,
        entry.direction.empty() ? "" : " (" + entry.direction + ")", entry.trigger, entry.actor,
        entry.rule, entry.metrics_json, entry.policy_version, entry.policy_hash.substr(0, 12));
}

nlohmann::json audit_json(const AuditRow& row, const CustomerNames& names) {
    const AuditEntry& entry = row.entry;
    return {
        {"seq", row.seq},
        {"recorded_at", row.recorded_at},
        {"customer_id", entry.customer_id},
        {"customer_code", names.code(entry.customer_id)},
        {"customer_name", names.name(entry.customer_id)},
        {"classification", entry.classification},
        {"from_tier", entry.from_tier ? nlohmann::json(*entry.from_tier) : nlohmann::json()},
        {"to_tier", entry.to_tier},
        {"direction", entry.direction.empty() ? nlohmann::json() : nlohmann::json(entry.direction)},
        {"trigger", entry.trigger},
        {"actor", entry.actor},
        {"rule", entry.rule},
        {"metrics", nlohmann::json::parse(entry.metrics_json)},
        {"policy_version", entry.policy_version},
        {"policy_hash", entry.policy_hash}};
}
}  // namespace

int command_audit_list(const Arguments& args) {
    auto options = database_options("tierctl audit");
    options.add_options()("customer", po::value<std::string>(),
                          "only this customer (its id, ERP code or exact name)")(
        "limit", po::value<long long>()->default_value(100), "at most this many (the newest)")(
        "json", "one JSON object per line");
    const auto values = parse_options(args, options, {}, "tierctl audit");
    if (values.count("help")) {
        std::cout << "usage: tierctl audit [--customer CUSTOMER] [--limit N] [--json] --db URI\n"
                  << "example: tierctl audit --customer \"ACME GmbH\" --db "
                     "postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "read the audit log");
    pqxx::read_transaction tx(*database.connection);
    std::optional<long long> customer;
    if (values.count("customer")) {
        customer = resolve_customer(tx, *database.plugin, values["customer"].as<std::string>()).id;
    }
    const auto rows =
        AuditRepository(database.queries).list(tx, customer, values["limit"].as<long long>());
    std::vector<long long> ids;
    for (const auto& row : rows) ids.push_back(row.entry.customer_id);
    const auto names = CustomerNames::lookup(tx, *database.plugin, ids);
    for (const auto& row : rows) {
        std::cout << (values.count("json") ? audit_json(row, names).dump() : audit_line(row, names))
                  << "\n";
    }
    return 0;
}

int command_audit_verify(const Arguments& args) {
    const auto options = database_options("tierctl audit verify");
    const auto values = parse_options(args, options, {}, "tierctl audit verify");
    if (values.count("help")) {
        std::cout << "usage: tierctl audit verify --db URI\n"
                  << "example: tierctl audit verify --db postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "verify the audit log");
    pqxx::read_transaction tx(*database.connection);
    const auto verification = AuditRepository(database.queries).verify(tx);
    if (verification.bad_seq) {
        std::cout << "audit log BROKEN at row " << *verification.bad_seq << ": "
                  << verification.problem << "\n";
        return kExitFailure;
    }
    std::cout << "audit log intact: " << verification.rows_checked << " rows, chain head "
              << verification.head_hash << "\n"
              << "(note the head hash: a later verify showing an older head means rows were cut "
                 "from the end)\n";
    return 0;
}

}  // namespace tierd
