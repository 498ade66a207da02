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
        const auto metrics =
            plugin_.compute_metrics(tx, live, policy.metrics_used(), local_date(clock_.now()));
        const auto tiers = state_.load(tx, live);
        const MetricValues no_values;
        for (const auto& customer : claimed) {
            if (!existing.count(customer.customer_id)) continue;
            const auto found = metrics.find(customer.customer_id);
            const MetricValues& values = found == metrics.end() ? no_values : found->second;
            for (const auto& classification : policy.classifications) {
                const auto stored = tiers.find({customer.customer_id, classification.name});
                const std::optional<std::string> current =
                    stored == tiers.end() ? std::nullopt : std::optional(stored->second);
                const Decision decision = decide_transition(classification, current, values);
                if (decision.kind != Decision::Kind::move) continue;
                plugin_.write_target(tx, classification.target, customer.customer_id,
                                     classification.name, decision.to_tier);
                state_.save(tx, customer.customer_id, classification.name, decision.to_tier);
                AuditEntry entry;
                entry.customer_id = customer.customer_id;
                entry.classification = classification.name;
                entry.from_tier = decision.from_tier;
                entry.to_tier = decision.to_tier;
                entry.rule = decision.rule;
                entry.metrics_json = metrics_json(classification, values);
                entry.policy_version = policy.version;
                entry.policy_hash = policy.content_hash;
                entry.trigger = customer.source;
                entry.actor = actor_;
                audit_.append(tx, entry);
                ++report.changes;
                spdlog::info("customer {} {}: {} -> {} ({})", customer.customer_id,
                             classification.name, current.value_or("(none)"), decision.to_tier,
                             decision.rule);
            }
        }
    }
    tx.commit();
    return report;
}

}  // namespace tierd
