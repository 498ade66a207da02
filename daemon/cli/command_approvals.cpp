// tierctl approvals / approve / reject: the queue of moves that wait for a person, and the
// person's decision. An approval applies the waiting move; a rejection keeps the customer
// where it is until the rules select another tier. Each is one transaction with its audit
// row (and, for the ERP's users, a note on the customer's record), taken under the lock the
// daemon holds while it evaluates the customer.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "cli/audit_options.hpp"
#include "cli/audit_row_format.hpp"
#include "cli/cli_support.hpp"
#include "cli/csv_cell.hpp"
#include "cli/customer_reference.hpp"
#include "cli/decision_request.hpp"
#include "cli/installed_database.hpp"
#include "core/errors.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "store/state_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

// The customer's waiting move in the request's classification, locked against the daemon.
struct WaitingMove {
    CustomerName customer;
    CustomerState state;
    MetricValues values;  // today's, for the audit row
};

WaitingMove locked_waiting_move(pqxx::work& tx, const InstalledDatabase& database,
                                const DecisionRequest& request) {
    WaitingMove move;
    move.customer = resolve_customer(tx, *database.plugin, request.customer);
    const long long customer = move.customer.id;
    // The daemon holds this lock while it processes the customer: wait for it.
    tx.exec_params(database.queries.get("customer_lock"), customer);
    database.plugin->check_policy(request.policy);
    const auto loaded = StateRepository(database.queries).load(tx, {customer});
    const auto found = loaded.find({customer, request.classification().name});
    if (found == loaded.end() || !found->second.pending_tier) {
        throw UsageError(move.customer.label() + " has no move awaiting approval in " +
                             request.classification().name,
                         "`tierctl approvals` lists the moves that wait");
    }
    move.state = found->second;
    const auto metrics = database.plugin->compute_metrics(
        tx, {customer}, metric_request(request.policy, std::chrono::system_clock::now()));
    if (const auto values = metrics.find(customer); values != metrics.end()) {
        move.values = values->second;
    }
    return move;
}

// One waiting move as the approvals queue shows it.
struct QueueEntry {
    long long customer_id = 0;
    std::string classification, tier, pending_tier, rule, since;
    std::string metrics_json = "{}";
};

void print_queue(const std::vector<QueueEntry>& entries, const CustomerNames& names,
                 AuditFormat format) {
    if (format == AuditFormat::csv) {
        std::cout << "customer_id,customer_code,customer_name,classification,from_tier,to_tier,"
                     "waiting_since,rule,metrics\n";
    }
    if (format == AuditFormat::table && entries.empty()) {
        std::cout << "no move waits for approval\n";
    }
    for (const auto& entry : entries) {
        switch (format) {
            case AuditFormat::table:
                std::cout << fmt::format(
                    "{} {}: {} -> {} waiting since {} UTC | rule: {} | "
                    "today: {}\n",
                    names.label(entry.customer_id), entry.classification, entry.tier,
                    entry.pending_tier, entry.since.empty() ? "?" : entry.since, entry.rule,
                    metric_values_text(entry.metrics_json));
                break;
            case AuditFormat::csv:
                std::cout << entry.customer_id << "," << csv_cell(names.code(entry.customer_id))
                          << "," << csv_cell(names.name(entry.customer_id)) << ","
                          << csv_cell(entry.classification) << "," << csv_cell(entry.tier) << ","
                          << csv_cell(entry.pending_tier) << "," << entry.since << ","
                          << csv_cell(entry.rule) << "," << csv_cell(entry.metrics_json) << "\n";
                break;
            case AuditFormat::json:
                std::cout << nlohmann::json{{"customer_id", entry.customer_id},
                                            {"customer_code", names.code(entry.customer_id)},
                                            {"customer_name", names.name(entry.customer_id)},
                                            {"classification", entry.classification},
                                            {"from_tier", entry.tier},
                                            {"to_tier", entry.pending_tier},
                                            {"waiting_since", entry.since},
                                            {"rule", entry.rule},
                                            {"metrics", nlohmann::json::parse(entry.metrics_json)}}
                                 .dump()
                          << "\n";
                break;
        }
    }
}

}  // namespace

int command_approvals(const Arguments& args) {
    auto options = decision_options("tierctl approvals");
    options.add(audit_format_options(false));
    const auto values = parse_options(args, options, {}, "tierctl approvals");
    if (values.count("help")) {
        std::cout << "usage: tierctl approvals [--classification NAME] [--format F] --db URI\n"
                  << "example: tierctl approvals --format csv --policy /etc/tierd/policy.yaml "
                     "--db postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const AuditFormat format = parse_audit_format(values);
    std::optional<Policy> policy;
    if (!values["policy"].as<std::string>().empty()) policy = required_policy(values);
    std::optional<std::string> only;
    if (values.count("classification")) {
        only = values["classification"].as<std::string>();
        if (policy) chosen_classification(*policy, values);  // refuses an unknown name
    }
    const InstalledDatabase database(values["db"].as<std::string>(), "list waiting approvals");
    pqxx::read_transaction tx(*database.connection);
    std::vector<QueueEntry> entries;
    std::vector<long long> ids;
    for (const auto& row : tx.exec_params(database.queries.get("approvals_waiting"), only)) {
        QueueEntry entry;
        entry.customer_id = row["customer_id"].as<long long>();
        entry.classification = row["classification"].as<std::string>();
        entry.tier = row["tier"].as<std::string>();
        entry.pending_tier = row["pending_tier"].as<std::string>();
        entry.rule = row["pending_rule"].as<std::string>();
        entry.since = row["pending_since"].is_null() ? "" : row["pending_since"].as<std::string>();
        entries.push_back(entry);
        ids.push_back(entry.customer_id);
    }
    // Today's values of what each classification's rules read, one metric query for the
    // whole queue (the policy names them; without one the queue is shown without them).
    if (policy && !ids.empty()) {
        database.plugin->check_policy(*policy);
        const auto metrics = database.plugin->compute_metrics(
            tx, ids, metric_request(*policy, std::chrono::system_clock::now()));
        for (auto& entry : entries) {
            const Classification* classification =
                policy->find_classification(entry.classification);
            const auto found = metrics.find(entry.customer_id);
            if (classification && found != metrics.end()) {
                entry.metrics_json = metrics_json(*classification, found->second);
            }
        }
    }
    print_queue(entries, CustomerNames::lookup(tx, *database.plugin, ids), format);
    return 0;
}

int command_approve(const Arguments& args) {
    const auto request = parse_customer_decision(args, "approve");
    if (!request) return 0;
    const Classification& classification = request->classification();
    const InstalledDatabase database(request->values["db"].as<std::string>(), "approve a move");
    pqxx::work tx(*database.connection, "tierctl_approve");
    WaitingMove move = locked_waiting_move(tx, database, *request);
    TierChange change;
    change.customer_id = move.customer.id;
    change.from_tier = move.state.tier;
    change.to_tier = *move.state.pending_tier;
    change.rule = move.state.pending_rule;
    change.trigger = "approval";
    change.actor = request->values["actor"].as<std::string>();
    TierChangeWriter(*database.plugin, database.queries)
        .write(tx, request->policy, classification, change, move.values);
    move.state.tier = change.to_tier;
    move.state.since = std::chrono::system_clock::now();
    move.state.rejected_tier.reset();
    move.state.clear_pending();
    move.state.clear_candidate();
    StateRepository(database.queries).save(tx, move.customer.id, classification.name, move.state);
    tx.commit();
    std::cout << move.customer.label() << " moved " << change.from_tier.value_or("(none)") << " -> "
              << change.to_tier << " in " << classification.name << ", approved by " << change.actor
              << "\n";
    return 0;
}

int command_reject(const Arguments& args) {
    po::options_description extra("rejection");
    extra.add_options()("reason", po::value<std::string>(),
                        "why (required; goes into the audit log)");
    const auto request = parse_customer_decision(args, "reject", extra, " --reason TEXT");
    if (!request) return 0;
    const po::variables_map& values = request->values;
    if (!values.count("reason") || values["reason"].as<std::string>().empty()) {
        throw UsageError("a rejection needs a --reason", "it is recorded in the audit log");
    }
    const Classification& classification = request->classification();
    const InstalledDatabase database(values["db"].as<std::string>(), "reject a move");
    pqxx::work tx(*database.connection, "tierctl_reject");
    WaitingMove move = locked_waiting_move(tx, database, *request);
    const std::string rejected = *move.state.pending_tier;
    const std::string stays = move.state.tier.value_or("(none)");
    // The audit row of a rejection moves nothing: from and to are the tier the customer
    // stays in; the rejected move and the reason are its rule (sql/schema/007).
    AuditEntry entry;
    entry.customer_id = move.customer.id;
    entry.classification = classification.name;
    entry.from_tier = move.state.tier;
    entry.to_tier = stays;
    entry.rule = fmt::format("rejected {} -> {} ({}): {}", stays, rejected, move.state.pending_rule,
                             values["reason"].as<std::string>());
    entry.metrics_json = metrics_json(classification, move.values);
    entry.policy_version = request->policy.version;
    entry.policy_hash = request->policy.content_hash;
    entry.trigger = "rejection";
    entry.actor = values["actor"].as<std::string>();
    AuditRepository(database.queries).append(tx, entry);
    database.plugin->write_notes(
        tx, {move.customer.id},
        {fmt::format("tierd: {} {} -> {} rejected by {}: {}\nStays in {}; not proposed again "
                     "until the rules select another tier.\nPolicy version {} (sha256 {})",
                     classification.name, stays, rejected, entry.actor,
                     values["reason"].as<std::string>(), stays, entry.policy_version,
                     entry.policy_hash.substr(0, 12))});
    move.state.rejected_tier = rejected;
    move.state.clear_pending();
    move.state.clear_candidate();
    StateRepository(database.queries).save(tx, move.customer.id, classification.name, move.state);
    tx.commit();
    std::cout << move.customer.label() << ": the move " << stays << " -> " << rejected << " in "
              << classification.name << " is rejected by " << entry.actor << "; it stays in "
              << stays << " until the rules select another tier than " << rejected << "\n";
    return 0;
}

}  // namespace tierd
