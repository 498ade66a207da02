// Reads and writes of tierd.audit_log; the chain itself is kept by SQL triggers.
#include "store/audit_repository.hpp"

#include <pqxx/pqxx>

namespace tierd {

void AuditRepository::append(pqxx::transaction_base& tx, const AuditEntry& entry) const {
    tx.exec_params(queries_.get("audit_append"), entry.customer_id, entry.classification,
                   entry.from_tier ? entry.from_tier->c_str() : nullptr, entry.to_tier, entry.rule,
                   entry.metrics_json, entry.policy_version, entry.policy_hash, entry.trigger,
                   entry.actor);
}

std::vector<AuditRow> AuditRepository::list(pqxx::transaction_base& tx,
                                            std::optional<long long> customer,
                                            long long limit) const {
    std::vector<AuditRow> rows;
    const auto result = customer ? tx.exec_params(queries_.get("audit_list"), *customer, limit)
                                 : tx.exec_params(queries_.get("audit_list"), nullptr, limit);
    for (const auto& row : result) {
        AuditRow audit;
        audit.seq = row["seq"].as<long long>();
        audit.recorded_at = row["recorded_at"].as<std::string>();
        audit.entry.customer_id = row["customer_id"].as<long long>();
        audit.entry.classification = row["classification"].as<std::string>();
        audit.entry.from_tier = row["from_tier"].as<std::string>();
        audit.entry.to_tier = row["to_tier"].as<std::string>();
        audit.entry.trigger = row["trigger"].as<std::string>();
        audit.entry.actor = row["actor"].as<std::string>();
        audit.entry.rule = row["rule"].as<std::string>();
        audit.entry.metrics_json = row["metrics"].as<std::string>();
        audit.entry.policy_version = row["policy_version"].as<std::string>();
        audit.entry.policy_hash = row["policy_hash"].as<std::string>();
        rows.push_back(std::move(audit));
    }
    return rows;
}

AuditVerification AuditRepository::verify(pqxx::transaction_base& tx) const {
    const auto row = tx.exec(queries_.get("audit_verify"))[0];
    AuditVerification verification;
    verification.rows_checked = row["checked"].as<long long>();
    verification.head_hash = row["head_hash"].is_null() ? "" : row["head_hash"].as<std::string>();
    if (!row["bad_seq"].is_null()) {
        verification.bad_seq = row["bad_seq"].as<long long>();
        verification.problem = row["problem"].as<std::string>();
    }
    return verification;
}

}  // namespace tierd
