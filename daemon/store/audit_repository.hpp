// The audit log: appending changes, reading them back, verifying the hash chain.
#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "store/audit_filter.hpp"
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
    std::string row_hash;
};

// The moves of one period (a day, or a week by its Monday) in one classification.
struct AuditPeriodMoves {
    std::string period;  // YYYY-MM-DD
    std::string classification;
    long long upgrades = 0;
    long long downgrades = 0;
    long long other = 0;  // without a direction: a first classification, a tier gone
};

struct AuditVerification {
    long long rows_checked = 0;
    std::string head_hash;  // hash of the newest row: note it to detect a cut-off tail later
    std::optional<long long> bad_seq;
    std::string problem;
    std::optional<long long> noted_seq;  // the row of the noted head, when asked and found
};

class AuditRepository {
  public:
    explicit AuditRepository(const SqlQueries& queries) : queries_(queries) {}

    void append(pqxx::transaction_base& tx, const AuditEntry& entry) const;
    // Appends the entries in their order, in one statement.
    void append_all(pqxx::transaction_base& tx, const std::vector<AuditEntry>& entries) const;
    // Oldest first; the newest `limit` rows (none: all) that match `filter`.
    std::vector<AuditRow> list(pqxx::transaction_base& tx, const AuditFilter& filter,
                               std::optional<long long> limit) const;
    // The moves matching `filter` per `period` ("day" or "week") and classification.
    std::vector<AuditPeriodMoves> summary(pqxx::transaction_base& tx, const AuditFilter& filter,
                                          const std::string& period) const;
    // The whole chain; with `noted_head`, also where the row of that hash is now.
    AuditVerification verify(pqxx::transaction_base& tx,
                             const std::optional<std::string>& noted_head = std::nullopt) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
