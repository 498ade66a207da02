// libFuzzer target over the policy loader: any text must either load or be refused with a
// PolicyError; any other exception, crash, hang or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "policy/policy_loader.hpp"
#include "rules/transition_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const tierd::Policy policy = tierd::parse_policy(text, "fuzz.yaml");
        // A policy that loads must also evaluate and explain itself: every metric at zero,
        // every text attribute once without a value and once with one (in Chinese), every
        // category asked for held, a new customer.
        tierd::MetricValues zeros;
        for (const auto& key : policy.metrics_used()) zeros.set(key, 0);
        tierd::MetricValues with_attributes = zeros;
        const tierd::AttributesUsed attributes = policy.attributes_used();
        for (const auto& attribute : attributes.attributes) {
            with_attributes.set_text(attribute, "北京");
        }
        for (const auto& category : attributes.categories) with_attributes.add_category(category);
        for (const auto& classification : policy.classifications) {
            for (const auto* values : {&zeros, &with_attributes}) {
                tierd::decide_transition(classification, {}, *values, tierd::TimePoint{});
                for (const auto& tier : classification.tiers) {
                    if (tier.when) tier.when->trace(*values);
                }
            }
        }
    } catch (const tierd::PolicyError&) {
    }
    return 0;
}
