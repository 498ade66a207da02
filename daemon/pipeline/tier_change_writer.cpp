// ERP field, audit row, log line.
#include "pipeline/tier_change_writer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace tierd {

void TierChangeWriter::write(pqxx::transaction_base& tx, const Policy& policy,
                             const Classification& classification, const TierChange& change,
                             const MetricValues& values) const {
    plugin_.write_target(tx, classification.target, change.customer_id, classification.name,
                         change.to_tier);
    if (const Tier* tier = classification.find_tier(change.to_tier)) {
        for (const auto& value : tier->set) {
            plugin_.write_field(tx, value.field, change.customer_id, value.value,
                                policy.company.value_or(""));
        }
    }
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
    plugin_.write_history(tx, change.customer_id,
                          history_note(classification, change, values, policy));
    spdlog::info("customer {} {}: {} -> {} ({}; {} by {})", change.customer_id, classification.name,
                 change.from_tier.value_or("(none)"), change.to_tier, change.rule, change.trigger,
                 change.actor);
}

std::string history_note(const Classification& classification, const TierChange& change,
                         const MetricValues& values, const Policy& policy) {
    std::string metrics;
    for (const auto& key : classification.metrics_used()) {
        if (const auto value = values.get(key)) {
            metrics +=
                (metrics.empty() ? "" : ", ") + fmt::format("{} = {}", key.to_string(), *value);
        }
    }
    std::string sets;
    if (const Tier* tier = classification.find_tier(change.to_tier)) {
        for (const auto& value : tier->set) {
            sets += fmt::format("\nSets: {} = {}", value.field, value.value);
        }
    }
    return fmt::format(
        "tierd: {} {} -> {}\nWhy: {}\nMetrics: {}{}\nPolicy version {} (sha256 {}); {} by {}",
        classification.name, change.from_tier.value_or("(none)"), change.to_tier, change.rule,
        metrics.empty() ? "none" : metrics, sets, policy.version, policy.content_hash.substr(0, 12),
        change.trigger, change.actor);
}

std::string metrics_json(const Classification& classification, const MetricValues& values) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& key : classification.metrics_used()) {
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

MetricRequest metric_request(const Policy& policy, TimePoint now) {
    return {policy.metrics_used(), local_date(now), policy.company.value_or("")};
}

}  // namespace tierd
