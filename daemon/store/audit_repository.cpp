// Reads and writes of tierd.audit_log; the chain itself is kept by SQL triggers.
#include "store/audit_repository.hpp"

#include <pqxx/pqxx>

#include "store/pg_array.hpp"
#include "store/prepared_statement.hpp"

namespace tierd {

void AuditRepository::append(pqxx::transaction_base& tx, const AuditEntry& entry) const {
    append_all(tx, {entry});
}

void AuditRepository::append_all(pqxx::transaction_base& tx,
                                 const std::vector<AuditEntry>& entries) const {
    if (entries.empty()) return;
    std::vector<long long> customers;
    std::vector<std::string> classifications, to_tiers, rules, metrics, versions, hashes, triggers,
        actors;
    std::vector<std::optional<std::string>> from_tiers, directions;
    for (const auto& entry : entries) {
        customers.push_back(entry.customer_id);
        classifications.push_back(entry.classification);
        from_tiers.push_back(entry.from_tier);
        to_tiers.push_back(entry.to_tier);
        rules.push_back(entry.rule);
        metrics.push_back(entry.metrics_json);
        versions.push_back(entry.policy_version);
        hashes.push_back(entry.policy_hash);
        triggers.push_back(entry.trigger);
        actors.push_back(entry.actor);
        directions.push_back(entry.direction.empty() ? std::nullopt
                                                     : std::optional<std::string>(entry.direction));
    }
    exec_prepared_query(tx, queries_, "audit_append", to_pg_array(customers),
                        to_pg_array(classifications), to_pg_array(from_tiers),
                        to_pg_array(to_tiers), to_pg_array(rules), to_pg_array(metrics),
                        to_pg_array(versions), to_pg_array(hashes), to_pg_array(triggers),
                        to_pg_array(actors), to_pg_array(directions));
}

namespace {

// Runs `query` with the filter as its parameters $1..$10 and `last` as $11.
template <typename Last>
pqxx::result exec_filtered(pqxx::transaction_base& tx, const std::string& query,
                           const AuditFilter& filter, const Last& last) {
    return tx.exec_params(query, filter.customer_id, filter.classification, filter.tier,
                          filter.direction, filter.trigger, filter.since, filter.until_date,
                          filter.until_time, filter.policy_version, filter.actor, last);
}

}  // namespace

std::vector<AuditRow> AuditRepository::list(pqxx::transaction_base& tx, const AuditFilter& filter,
                                            std::optional<long long> limit) const {
    std::vector<AuditRow> rows;
    for (const auto& row : exec_filtered(tx, queries_.get("audit_list"), filter, limit)) {
        AuditRow audit;
        audit.seq = row["seq"].as<long long>();
        audit.recorded_at = row["recorded_at"].as<std::string>();
        audit.row_hash = row["row_hash"].as<std::string>();
        audit.entry.customer_id = row["customer_id"].as<long long>();
        audit.entry.classification = row["classification"].as<std::string>();
        if (!row["from_tier"].is_null()) audit.entry.from_tier = row["from_tier"].as<std::string>();
        audit.entry.to_tier = row["to_tier"].as<std::string>();
        audit.entry.trigger = row["trigger"].as<std::string>();
        audit.entry.actor = row["actor"].as<std::string>();
        audit.entry.rule = row["rule"].as<std::string>();
        audit.entry.metrics_json = row["metrics"].as<std::string>();
        audit.entry.policy_version = row["policy_version"].as<std::string>();
        audit.entry.policy_hash = row["policy_hash"].as<std::string>();
        if (!row["direction"].is_null()) audit.entry.direction = row["direction"].as<std::string>();
        rows.push_back(std::move(audit));
    }
    return rows;
}

std::vector<AuditPeriodMoves> AuditRepository::summary(pqxx::transaction_base& tx,
                                                       const AuditFilter& filter,
                                                       const std::string& period) const {
    std::vector<AuditPeriodMoves> moves;
    for (const auto& row : exec_filtered(tx, queries_.get("audit_summary"), filter, period)) {
        moves.push_back({row["period"].as<std::string>(), row["classification"].as<std::string>(),
                         row["upgrades"].as<long long>(), row["downgrades"].as<long long>(),
                         row["other"].as<long long>()});
    }
    return moves;
}

AuditVerification AuditRepository::verify(pqxx::transaction_base& tx,
                                          const std::optional<std::string>& noted_head) const {
    const auto row = tx.exec_params(queries_.get("audit_verify"), noted_head)[0];
    AuditVerification verification;
    verification.rows_checked = row["checked"].as<long long>();
    verification.head_hash = row["head_hash"].is_null() ? "" : row["head_hash"].as<std::string>();
    if (!row["bad_seq"].is_null()) {
        verification.bad_seq = row["bad_seq"].as<long long>();
        verification.problem = row["problem"].as<std::string>();
    }
    if (!row["noted_seq"].is_null()) verification.noted_seq = row["noted_seq"].as<long long>();
    return verification;
}

}  // namespace tierd
