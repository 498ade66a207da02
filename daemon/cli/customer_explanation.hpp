// Why a customer is where it is, per classification: its stored standing, today's metric
// values, every tier's rule evaluated clause by clause, the rules of change in words, its
// pin, a waiting approval, and its last audit rows; as text for people or JSON for programs
// (tierctl explain). Read-only: it decides as the daemon would, and stores nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "plugin/customer_names.hpp"
#include "policy/policy.hpp"
#include "rules/move_outlook.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

// One tier's rule with today's values.
struct TierVerdict {
    const Tier* tier = nullptr;
    std::optional<RuleTrace> trace;  // none for the default tier
    bool holds = false;              // the default tier always holds
};

struct ClassificationExplanation {
    const Classification* classification = nullptr;
    CustomerState state;  // as stored (no tier: never classified)
    std::vector<TierVerdict> tiers;
    std::string selected_tier;  // what the rules select today
    std::string selected_rule;  // as the audit log records it: the rule text or "default"
    std::string metrics_json;   // the values the rules read, as the audit log records them
    MoveOutlook outlook;
    std::vector<AuditRow> audit;  // the customer's last rows in this classification
};

struct CustomerExplanation {
    CustomerName customer;
    CustomerNames names;  // the customer's, for its audit rows
    TimePoint as_of;
    const Policy* policy = nullptr;
    std::vector<ClassificationExplanation> classifications;
};

// Evaluates `classification` for a customer whose stored state and metric values are given.
ClassificationExplanation explain_classification(const Classification& classification,
                                                 const CustomerState& state,
                                                 const MetricValues& values, TimePoint now);

void print_explanation(std::ostream& out, const CustomerExplanation& explanation);
nlohmann::json explanation_json(const CustomerExplanation& explanation);

}  // namespace tierd
