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
        // A policy that loads must also evaluate: every metric at zero, a new customer.
        tierd::MetricValues zeros;
        for (const auto& key : policy.metrics_used()) zeros.set(key, 0);
        for (const auto& classification : policy.classifications) {
            tierd::decide_transition(classification, {}, zeros, tierd::TimePoint{});
        }
    } catch (const tierd::PolicyError&) {
    }
    return 0;
}
