// The simulation's loop: the metric stream, the stored states, decide_transition, the totals.
#include "pipeline/policy_simulation.hpp"

#include <algorithm>
#include <cstdlib>

#include "pipeline/tier_change_writer.hpp"
#include "plugin/metric_stream.hpp"
#include "rules/transition_rules.hpp"
#include "store/state_repository.hpp"

namespace tierd {

const char* outcome_kind_name(SimulatedOutcome::Kind kind) {
    switch (kind) {
        case SimulatedOutcome::Kind::move:
            return "move";
        case SimulatedOutcome::Kind::approval:
            return "approval";
        case SimulatedOutcome::Kind::pinned:
            return "pinned";
        case SimulatedOutcome::Kind::waiting:
            return "waiting";
    }
    return "?";
}

namespace {

// The numeric values a tier sets (credit limits, ...); names (payment terms) are not summed.
void add_set_values(const Tier* tier, std::map<std::string, double>& sums,
                    std::set<std::string>& fields) {
    if (!tier) return;
    for (const auto& value : tier->set) {
        char* end = nullptr;
        const double number = std::strtod(value.value.c_str(), &end);
        if (value.value.empty() || *end != '\0') continue;
        sums[value.field] += number;
        fields.insert(value.field);
    }
}

// Upgrade means better, in the classification's own sense (its `best` end).
std::string direction_between(const Classification& classification,
                              const std::optional<std::string>& from, const std::string& to) {
    return direction_name(direction_of(classification, from, to));
}

}  // namespace

PolicySimulation::PolicySimulation(const ErpPlugin& plugin, const SqlQueries& queries,
                                   const Policy& policy, const Policy* current)
    : plugin_(plugin), queries_(queries), policy_(policy), current_(current) {}

SimulationSummary PolicySimulation::run(
    pqxx::transaction_base& tx, TimePoint now, size_t chunk_size,
    const std::function<void(const SimulatedOutcome&)>& sink) const {
    SimulationSummary summary;
    for (const auto& classification : policy_.classifications) {
        summary.classifications.push_back({&classification, {}, {}, {}, {}});
    }
    const StateRepository states_of(queries_);
    const MetricRequest request = metric_request(policy_, now);
    MetricStream stream(tx, plugin_, request);
    for (;;) {
        const auto chunk = stream.next(chunk_size);
        if (chunk.empty()) break;
        summary.customers += static_cast<long long>(chunk.size());
        std::vector<long long> ids;
        ids.reserve(chunk.size());
        for (const auto& entry : chunk) ids.push_back(entry.first);
        const CustomerStates states = states_of.load(tx, ids);
        // Names only for the customers an outcome is about: one query per chunk.
        CustomerNames names;
        bool named = false;
        for (const auto& [customer, values] : chunk) {
            for (auto& simulated : summary.classifications) {
                const Classification& classification = *simulated.classification;
                const auto stored = states.find({customer, classification.name});
                const CustomerState state =
                    stored == states.end() ? CustomerState{} : stored->second;
                const Decision decision = decide_transition(classification, state, values, now);
                const std::string from = state.tier.value_or("(none)");
                ++simulated.matrix[{from, decision.to_tier}];

                // What the tiers set, before and after.
                const Classification* before_classification =
                    current_ ? current_->find_classification(classification.name) : &classification;
                if (state.tier) {
                    auto& totals = simulated.tiers[*state.tier];
                    ++totals.customers_before;
                    add_set_values(before_classification
                                       ? before_classification->find_tier(*state.tier)
                                       : nullptr,
                                   totals.before, simulated.fields);
                }
                auto& after = simulated.tiers[decision.to_tier];
                ++after.customers_after;
                add_set_values(classification.find_tier(decision.to_tier), after.after,
                               simulated.fields);

                SimulatedOutcome outcome;
                outcome.customer_id = customer;
                if (!named) {
                    names = CustomerNames::lookup(tx, plugin_, ids);
                    named = true;
                }
                if (const CustomerName* name = names.find(customer)) outcome.customer = *name;
                outcome.customer.id = customer;
                outcome.classification = &classification;
                outcome.from_tier = state.tier;
                outcome.explanation = decision.explanation;
                if (decision.changes_tier()) {
                    outcome.kind = SimulatedOutcome::Kind::move;
                    outcome.to_tier = decision.to_tier;
                    outcome.rule = decision.rule;
                } else if (decision.kind == Decision::Kind::pending_approval) {
                    outcome.kind = SimulatedOutcome::Kind::approval;
                    outcome.to_tier = *decision.next.pending_tier;
                    outcome.rule = decision.next.pending_rule;
                } else if (decision.kind == Decision::Kind::pinned) {
                    const TierMatch match = select_tier(classification, values);
                    if (match.tier->name == decision.to_tier) continue;
                    outcome.kind = SimulatedOutcome::Kind::pinned;
                    outcome.to_tier = match.tier->name;
                    outcome.rule = match.rule;
                } else if (decision.next.candidate_tier &&
                           *decision.next.candidate_tier != decision.to_tier) {
                    outcome.kind = SimulatedOutcome::Kind::waiting;
                    outcome.to_tier = *decision.next.candidate_tier;
                    outcome.rule = decision.rule;
                } else {
                    continue;
                }
                outcome.direction =
                    direction_between(classification, outcome.from_tier, outcome.to_tier);
                if (outcome.kind == SimulatedOutcome::Kind::waiting) {
                    const MoveWait wait = wait_for_move(classification, decision.next);
                    outcome.until = wait.until;
                    outcome.evaluations_left = wait.evaluations_left;
                }
                outcome.metrics_json = metrics_json(classification, values);
                ++simulated.outcomes[outcome.kind];
                sink(outcome);
            }
        }
    }
    return summary;
}

}  // namespace tierd
