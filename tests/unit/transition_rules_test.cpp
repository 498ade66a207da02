// Tests of tier selection and transitions (rules/transition_rules).
#include "rules/transition_rules.hpp"

#include <gtest/gtest.h>

#include "policy/policy_loader.hpp"

namespace tierd {
namespace {

const Policy& value_policy() {
    static const Policy policy = parse_policy(
        "version: 3\nclassifications:\n  - name: value_tier\n    target: category\n"
        "    tiers:\n      - name: A\n        when: revenue(365d) >= 100000\n"
        "      - name: B\n        when: revenue(365d) >= 10000\n"
        "      - name: C\n        default: true\n",
        "p.yaml");
    return policy;
}

MetricValues with_revenue(double revenue) {
    MetricValues values;
    values.set({"revenue", "365d"}, revenue);
    return values;
}

TEST(TransitionRules, FirstMatchingTierWinsBestFirst) {
    const Classification& value = value_policy().classifications[0];
    EXPECT_EQ(select_tier(value, with_revenue(500000)).tier->name, "A");
    EXPECT_EQ(select_tier(value, with_revenue(100000)).tier->name, "A");
    EXPECT_EQ(select_tier(value, with_revenue(99999)).tier->name, "B");
    EXPECT_EQ(select_tier(value, with_revenue(99999)).rule, "revenue(365d) >= 10000");
}

TEST(TransitionRules, NoRuleHoldingMeansTheDefaultTier) {
    const TierMatch match = select_tier(value_policy().classifications[0], with_revenue(5));
    EXPECT_EQ(match.tier->name, "C");
    EXPECT_EQ(match.rule, "default");
}

TEST(TransitionRules, NewCustomerMovesFromNothing) {
    const Decision decision =
        decide_transition(value_policy().classifications[0], std::nullopt, with_revenue(0));
    EXPECT_EQ(decision.kind, Decision::Kind::move);
    EXPECT_FALSE(decision.from_tier);
    EXPECT_EQ(decision.to_tier, "C");
}

TEST(TransitionRules, UpgradeAndDowngradeAreMoves) {
    const Classification& value = value_policy().classifications[0];
    const Decision up = decide_transition(value, std::string("C"), with_revenue(20000));
    EXPECT_EQ(up.kind, Decision::Kind::move);
    EXPECT_EQ(*up.from_tier, "C");
    EXPECT_EQ(up.to_tier, "B");
    const Decision down = decide_transition(value, std::string("A"), with_revenue(20000));
    EXPECT_EQ(down.kind, Decision::Kind::move);
    EXPECT_EQ(down.to_tier, "B");
}

TEST(TransitionRules, UnchangedMetricsNeverMoveACustomer) {
    const Classification& value = value_policy().classifications[0];
    for (double revenue : {0.0, 9999.0, 10000.0, 99999.99, 100000.0, 1e9}) {
        const std::string tier = select_tier(value, with_revenue(revenue)).tier->name;
        for (int evaluation = 0; evaluation < 5; ++evaluation) {
            EXPECT_EQ(decide_transition(value, tier, with_revenue(revenue)).kind,
                      Decision::Kind::stay)
                << revenue;
        }
    }
}

TEST(TransitionRules, ATierRemovedFromThePolicyIsLeft) {
    const Decision decision =
        decide_transition(value_policy().classifications[0], std::string("GOLD"), with_revenue(0));
    EXPECT_EQ(decision.kind, Decision::Kind::move);
    EXPECT_EQ(decision.to_tier, "C");
}

}  // namespace
}  // namespace tierd
