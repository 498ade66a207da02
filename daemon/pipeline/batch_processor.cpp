// One batch, one transaction.
#include "pipeline/batch_processor.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <pqxx/transaction>

#include "rules/transition_rules.hpp"

namespace tierd {

BatchProcessor::BatchProcessor(const ErpPlugin& plugin, const SqlQueries& queries,
                               const Clock& clock, std::string actor)
    : plugin_(plugin),
      clock_(clock),
      actor_(std::move(actor)),
      queue_(queries),
      state_(queries),
      changes_(plugin, queries) {}

BatchReport BatchProcessor::run_batch(pqxx::connection& connection, const Policy& policy,
                                      size_t batch_size) {
    pqxx::work tx(connection, "tierd_batch");
    BatchReport report;
    const auto claimed = queue_.claim(tx, batch_size);
    report.claimed = claimed.size();
    if (claimed.empty()) {
        tx.commit();
        return report;
    }
    std::vector<long long> ids;
    for (const auto& customer : claimed) ids.push_back(customer.customer_id);
    const auto existing = plugin_.existing_customers(tx, ids);
    std::vector<long long> live;
    for (const auto& customer : claimed) {
        if (existing.count(customer.customer_id)) {
            live.push_back(customer.customer_id);
        } else {
            // Deleted, merged or deactivated while queued: nothing to classify; its events
            // are consumed with this batch and its stored state is kept for the record.
            spdlog::info(
                "customer {} is not a customer to classify (deleted, merged, inactive or one "
                "of the companies); its queued events are dropped",
                customer.customer_id);
            ++report.dropped;
        }
    }
    if (!live.empty()) {
        const TimePoint now = clock_.now();
        const auto metrics =
            plugin_.compute_metrics(tx, live, policy.metrics_used(), local_date(now));
        const auto states = state_.load(tx, live);
        const MetricValues no_values;
        for (const auto& customer : claimed) {
            if (!existing.count(customer.customer_id)) continue;
            const auto found = metrics.find(customer.customer_id);
            const MetricValues& values = found == metrics.end() ? no_values : found->second;
            for (const auto& classification : policy.classifications) {
                const auto stored = states.find({customer.customer_id, classification.name});
                const CustomerState state =
                    stored == states.end() ? CustomerState{} : stored->second;
                const Decision decision = decide_transition(classification, state, values, now);
                if (decision.changes_tier()) {
                    const bool pinned = decision.kind == Decision::Kind::pinned;
                    TierChange change;
                    change.customer_id = customer.customer_id;
                    change.from_tier = decision.from_tier;
                    change.to_tier = decision.to_tier;
                    change.rule = pinned ? "pin: " + decision.next.pin->reason : decision.rule;
                    change.trigger = pinned ? "manual" : customer.source;
                    change.actor = pinned ? decision.next.pin->actor : actor_;
                    changes_.write(tx, policy, classification, change, values);
                    ++report.changes;
                } else if (decision.kind == Decision::Kind::pending_approval &&
                           state.pending_tier != decision.next.pending_tier) {
                    spdlog::info("customer {} {}: {}", customer.customer_id, classification.name,
                                 decision.explanation);
                }
                if (decision.next != state) {
                    state_.save(tx, customer.customer_id, classification.name, decision.next);
                }
            }
        }
    }
    tx.commit();
    return report;
}

}  // namespace tierd
