// The audit log: appending changes, reading them back, verifying the hash chain.
#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "store/sql_queries.hpp"

namespace tierd {

struct AuditEntry {
    long long customer_id = 0;
    std::string classification;
    std::optional<std::string> from_tier;
    std::string to_tier;
    std::string rule;
    std::string metrics_json;  // {"revenue(365d)": 120000, ...}
    std::string policy_version;
    std::string policy_hash;
    std::string trigger;  // event, schedule, start, manual, approval, policy, rejection
    std::string actor;
    // "upgrade" or "downgrade" in the classification's sense of better (see
    // rules/transition_rules.hpp direction_of); empty: neither (stored as NULL).
    std::string direction;
};

struct AuditRow {
    long long seq = 0;
    std::string recorded_at;
    AuditEntry entry;
};

struct AuditVerification {
    long long rows_checked = 0;
    std::string head_hash;  // hash of the newest row: note it to detect a cut-off tail later
    std::optional<long long> bad_seq;
    std::string problem;
};

class AuditRepository {
  public:
    explicit AuditRepository(const SqlQueries& queries) : queries_(queries) {}

    void append(pqxx::transaction_base& tx, const AuditEntry& entry) const;
    // Appends the entries in their order, in one statement.
    void append_all(pqxx::transaction_base& tx, const std::vector<AuditEntry>& entries) const;
    // Oldest first; the newest `limit` rows, of one customer or of all.
    std::vector<AuditRow> list(pqxx::transaction_base& tx, std::optional<long long> customer,
                               long long limit) const;
    AuditVerification verify(pqxx::transaction_base& tx) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
