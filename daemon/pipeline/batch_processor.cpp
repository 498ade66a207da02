// One batch, one transaction.
#include "pipeline/batch_processor.hpp"

#include <spdlog/spdlog.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <pqxx/transaction>

#include "rules/transition_rules.hpp"

namespace tierd {

namespace {
std::string local_date(TimePoint when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    localtime_r(&seconds, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

// The values a classification's rules read: what the audit row shows as "why".
std::string metrics_json(const Classification& classification, const MetricValues& values) {
    std::set<MetricKey> keys;
    for (const auto& tier : classification.tiers) {
        if (tier.when) tier.when->collect_metrics(keys);
    }
    nlohmann::json json = nlohmann::json::object();
    for (const auto& key : keys) {
        if (const auto value = values.get(key)) json[key.to_string()] = *value;
    }
    return json.dump();
}
}  // namespace

BatchProcessor::BatchProcessor(const ErpPlugin& plugin, const SqlQueries& queries,
                               const Clock& clock, std::string actor)
    : plugin_(plugin),
      clock_(clock),
      actor_(std::move(actor)),
      queue_(queries),
      state_(queries),
      audit_(queries) {}

void BatchProcessor::apply_change(pqxx::transaction_base& tx, const Policy& policy,
                                  const Classification& classification,
                                  const ClaimedCustomer& customer, const Decision& decision,
                                  const MetricValues& values) {
    plugin_.write_target(tx, classification.target, customer.customer_id, classification.name,
                         decision.to_tier);
    const bool pinned = decision.kind == Decision::Kind::pinned;
    AuditEntry entry;
    entry.customer_id = customer.customer_id;
    entry.classification = classification.name;
    entry.from_tier = decision.from_tier;
    entry.to_tier = decision.to_tier;
    entry.rule = pinned ? "pin: " + decision.next.pin->reason : decision.rule;
    entry.metrics_json = metrics_json(classification, values);
    entry.policy_version = policy.version;
    entry.policy_hash = policy.content_hash;
    entry.trigger = pinned ? "manual" : customer.source;
    entry.actor = pinned ? decision.next.pin->actor : actor_;
    audit_.append(tx, entry);
    spdlog::info("customer {} {}: {} -> {} ({})", customer.customer_id, classification.name,
                 decision.from_tier.value_or("(none)"), decision.to_tier, entry.rule);
}

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
                    apply_change(tx, policy, classification, customer, decision, values);
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
