// ERP field, audit row, log line.
#include "pipeline/tier_change_writer.hpp"

#include <spdlog/spdlog.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace tierd {

void TierChangeWriter::write(pqxx::transaction_base& tx, const Policy& policy,
                             const Classification& classification, const TierChange& change,
                             const MetricValues& values) const {
    plugin_.write_target(tx, classification.target, change.customer_id, classification.name,
                         change.to_tier);
    AuditEntry entry;
    entry.customer_id = change.customer_id;
    entry.classification = classification.name;
    entry.from_tier = change.from_tier;
    entry.to_tier = change.to_tier;
    entry.rule = change.rule;
    entry.metrics_json = metrics_json(classification, values);
    entry.policy_version = policy.version;
    entry.policy_hash = policy.content_hash;
    entry.trigger = change.trigger;
    entry.actor = change.actor;
    audit_.append(tx, entry);
    spdlog::info("customer {} {}: {} -> {} ({}; {} by {})", change.customer_id, classification.name,
                 change.from_tier.value_or("(none)"), change.to_tier, change.rule, change.trigger,
                 change.actor);
}

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

std::string local_date(TimePoint when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    localtime_r(&seconds, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

}  // namespace tierd
