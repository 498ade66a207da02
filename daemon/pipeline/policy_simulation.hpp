// What a new policy would do if it went live now, without writing anything: the full pass's
// metric stream read in the caller's read-only transaction, and every customer decided by
// the daemon's own rules of change (decide_transition) from its stored state. Memory stays
// flat in the number of customers: the per-customer outcomes go to a sink as they are
// decided, and only counts and sums are kept.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "plugin/customer_names.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/policy.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

// One customer in one classification whose standing the new policy would change or hold.
struct SimulatedOutcome {
    enum class Kind {
        move,      // the tier changes as soon as the policy goes live
        approval,  // the rules ask for a move that waits for a person's approval
        pinned,    // a pin holds the customer where the rules would not
        waiting,   // the rules ask for a move that waits (upgrade_after, downgrade grace)
    };
    Kind kind = Kind::move;
    long long customer_id = 0;
    CustomerName customer;  // as the ERP names it (empty name: not in the ERP)
    const Classification* classification = nullptr;
    std::optional<std::string> from_tier;  // none: never classified
    std::string to_tier;                   // move: the new tier; else the tier asked for
    std::string direction;                 // "upgrade", "downgrade" or "" (first, unknown)
    std::string rule;                      // the rule that selects to_tier ("default", "pin")
    std::string metrics_json;              // the values the classification's rules read
    std::string explanation;               // the rules of change, in words
    std::optional<TimePoint> until;        // waiting: the earliest the move can happen
    int evaluations_left = 0;              // waiting: evaluations still needed (upgrade_after)
};

const char* outcome_kind_name(SimulatedOutcome::Kind kind);

// What one classification's tiers set (`set: {credit_limit: ...}`), summed over the
// customers in each tier, before (current tiers) and after (tiers under the new policy).
struct FieldTotals {
    long long customers_before = 0;
    long long customers_after = 0;
    std::map<std::string, double> before;  // field -> sum
    std::map<std::string, double> after;
};

struct ClassificationSimulation {
    const Classification* classification = nullptr;
    std::map<std::pair<std::string, std::string>, long long> matrix;  // (now, new) -> customers
    std::map<SimulatedOutcome::Kind, long long> outcomes;             // how many of each
    std::map<std::string, FieldTotals> tiers;                         // tier -> totals
    std::set<std::string> fields;                                     // every field set
};

struct SimulationSummary {
    long long customers = 0;
    std::vector<ClassificationSimulation> classifications;  // in the policy's order
};

class PolicySimulation {
  public:
    // `current` (optional) is the policy in force: its tiers' `set:` values give the
    // "before" sums; without it, the new policy's values for the current tiers do.
    PolicySimulation(const ErpPlugin& plugin, const SqlQueries& queries, const Policy& policy,
                     const Policy* current);

    // Reads every classifiable customer's metrics in `tx` (read-only, one snapshot) a chunk
    // at a time; each outcome goes to `sink` as soon as it is decided, with the names of the
    // chunk's customers looked up once per chunk.
    SimulationSummary run(pqxx::transaction_base& tx, TimePoint now, size_t chunk_size,
                          const std::function<void(const SimulatedOutcome&)>& sink) const;

  private:
    const ErpPlugin& plugin_;
    const SqlQueries& queries_;
    const Policy& policy_;
    const Policy* current_;
};

}  // namespace tierd
