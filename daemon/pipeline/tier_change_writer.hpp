// Writes changes of tier where they must go, in the caller's transaction: the ERP field
// and the history note (through the plugin) and the audit row. Used by the daemon's batches
// and by tierctl approve, so a change looks the same whoever makes it. A batch's changes
// are written together, one statement per kind of write rather than several per change.
#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "plugin/erp_plugin.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

struct TierChange {
    long long customer_id = 0;
    std::optional<std::string> from_tier;
    std::string to_tier;
    std::string rule;     // why: the rule text, "default", "pin: <reason>"
    std::string trigger;  // event, schedule, start, manual, approval, policy
    std::string actor;    // tierd@host:pid, or the person
};

// A change with the classification it is in and the figures it was decided from (both
// outlive the write).
struct ClassifiedChange {
    const Classification* classification = nullptr;
    TierChange change;
    const MetricValues* values = nullptr;
};

class TierChangeWriter {
  public:
    TierChangeWriter(const ErpPlugin& plugin, const SqlQueries& queries)
        : plugin_(plugin), audit_(queries) {}

    void write(pqxx::transaction_base& tx, const Policy& policy,
               const Classification& classification, const TierChange& change,
               const MetricValues& values) const;
    // The changes of a batch, at most one per customer and classification.
    void write_all(pqxx::transaction_base& tx, const Policy& policy,
                   const std::vector<ClassifiedChange>& changes) const;

  private:
    // The targets and the `set:` fields of the changes' tiers, in the ERP.
    void write_erp_fields(pqxx::transaction_base& tx, const Policy& policy,
                          const std::vector<ClassifiedChange>& changes) const;

    const ErpPlugin& plugin_;
    AuditRepository audit_;
};

// The note the ERP shows on the customer's record for a change: what, why, under which
// policy, by whom.
std::string history_note(const Classification& classification, const TierChange& change,
                         const MetricValues& values, const Policy& policy);

// The audit row of a change.
AuditEntry audit_entry(const Policy& policy, const Classification& classification,
                       const TierChange& change, const MetricValues& values);

// The values a classification's rules read, as JSON: what the audit row shows as "why".
std::string metrics_json(const Classification& classification, const MetricValues& values);

// The calendar date of `when` in local time (YYYY-MM-DD): the "today" of the metrics.
std::string local_date(TimePoint when);

// The metrics the policy's rules read, as of `now`, from the policy's company's books.
MetricRequest metric_request(const Policy& policy, TimePoint now);

}  // namespace tierd
