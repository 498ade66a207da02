// ERP field, audit row, log line.
#include "pipeline/tier_change_writer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "policy/attribute_catalogue.hpp"
#include "rules/transition_rules.hpp"

namespace tierd {

void TierChangeWriter::write(pqxx::transaction_base& tx, const Policy& policy,
                             const Classification& classification, const TierChange& change,
                             const MetricValues& values) const {
    write_all(tx, policy, {{&classification, change, &values}});
}

void TierChangeWriter::write_all(pqxx::transaction_base& tx, const Policy& policy,
                                 const std::vector<ClassifiedChange>& changes) const {
    if (changes.empty()) return;
    write_erp_fields(tx, policy, changes);
    std::vector<AuditEntry> entries;
    std::vector<long long> noted;
    std::vector<std::string> notes;
    for (const auto& [classification, change, values] : changes) {
        entries.push_back(audit_entry(policy, *classification, change, *values));
        noted.push_back(change.customer_id);
        notes.push_back(history_note(*classification, change, *values, policy));
    }
    audit_.append_all(tx, entries);
    plugin_.write_notes(tx, noted, notes);
    // Every change is in the audit log; a log line per customer (a policy change moves
    // thousands) is for debugging only.
    for (const auto& [classification, change, values] : changes) {
        spdlog::debug("customer {} {}: {} -> {} ({}; {} by {})", change.customer_id,
                      classification->name, change.from_tier.value_or("(none)"), change.to_tier,
                      change.rule, change.trigger, change.actor);
    }
}

void TierChangeWriter::write_erp_fields(pqxx::transaction_base& tx, const Policy& policy,
                                        const std::vector<ClassifiedChange>& changes) const {
    // Classification by classification, in the policy's order: a field that two of them set
    // ends with the later one's value, as when each change was written on its own.
    for (const auto& classification : policy.classifications) {
        std::vector<long long> customers;
        std::vector<std::string> tiers;
        struct FieldWrites {
            std::vector<long long> customers;
            std::vector<std::string> values;
        };
        std::map<std::string, FieldWrites> fields;  // by field
        for (const auto& [changed, change, values] : changes) {
            if (changed->name != classification.name) continue;
            customers.push_back(change.customer_id);
            tiers.push_back(change.to_tier);
            if (const Tier* tier = classification.find_tier(change.to_tier)) {
                for (const auto& value : tier->set) {
                    FieldWrites& writes = fields[value.field];
                    writes.customers.push_back(change.customer_id);
                    writes.values.push_back(value.value);
                }
            }
        }
        if (customers.empty()) continue;
        plugin_.write_targets(tx, classification.target, classification.name, customers, tiers);
        for (const auto& [field, writes] : fields) {
            plugin_.write_fields(tx, field, writes.customers, writes.values,
                                 policy.company.value_or(""));
        }
    }
}

AuditEntry audit_entry(const Policy& policy, const Classification& classification,
                       const TierChange& change, const MetricValues& values) {
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
    entry.direction =
        direction_name(direction_of(classification, change.from_tier, change.to_tier));
    return entry;
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
    const AttributesUsed attributes = classification.attributes_used();
    for (const auto& attribute : attributes.attributes) {
        if (attribute == kCategoriesAttribute) continue;
        const auto value = values.text(attribute);
        metrics += (metrics.empty() ? "" : ", ") + attribute + " = " +
                   (value ? "\"" + *value + "\"" : std::string("no value"));
    }
    for (const auto& category : attributes.categories) {
        metrics += (metrics.empty() ? "" : ", ") +
                   fmt::format("has_category(\"{}\") = {}", category,
                               values.has_category(category) ? "true" : "false");
    }
    std::string sets;
    if (const Tier* tier = classification.find_tier(change.to_tier)) {
        for (const auto& value : tier->set) {
            sets += fmt::format("\nSets: {} = {}", value.field, value.value);
        }
    }
    const std::string direction =
        direction_name(direction_of(classification, change.from_tier, change.to_tier));
    return fmt::format(
        "tierd: {} {} -> {}{}\nWhy: {}\nMetrics: {}{}\nPolicy version {} (sha256 {}); {} by {}",
        classification.name, change.from_tier.value_or("(none)"), change.to_tier,
        direction.empty() ? "" : " (" + direction + ")", change.rule,
        metrics.empty() ? "none" : metrics, sets, policy.version, policy.content_hash.substr(0, 12),
        change.trigger, change.actor);
}

std::string metrics_json(const Classification& classification, const MetricValues& values) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& key : classification.metrics_used()) {
        if (const auto value = values.get(key)) json[key.to_string()] = *value;
    }
    // The attributes a decision read, null where the customer has none; its categories as
    // the answers of the has_category() the rules ask.
    const AttributesUsed attributes = classification.attributes_used();
    for (const auto& attribute : attributes.attributes) {
        if (attribute == kCategoriesAttribute) continue;
        const auto value = values.text(attribute);
        json[attribute] = value ? nlohmann::json(*value) : nlohmann::json();
    }
    for (const auto& category : attributes.categories) {
        json["has_category(\"" + category + "\")"] = values.has_category(category);
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
    MetricRequest request{policy.metrics_used(),
                          local_date(now),
                          policy.company.value_or(""),
                          policy.attributes_used(),
                          {}};
    for (const auto& classification : policy.classifications) {
        request.classifications.push_back(classification.name);
    }
    return request;
}

}  // namespace tierd
