// Tests of the rules of change in words (rules/move_outlook): each kind of decision gives the
// sentence tierctl explain shows, with the evaluations and the time a waiting move needs.
#include "rules/move_outlook.hpp"

#include <gtest/gtest.h>

#include "policy/policy_loader.hpp"

namespace tierd {
namespace {

constexpr auto kDay = std::chrono::hours(24);
// 2026-01-01 00:00 UTC
const TimePoint kNow = TimePoint(std::chrono::seconds(1767225600));

Policy policy(const std::string& extra, const std::string& a_extra = "") {
    return parse_policy(
        "version: 1\nclassifications:\n  - name: value_tier\n    target: category\n" + extra +
            "    tiers:\n      - name: A\n        when: revenue(365d) >= 100000\n" + a_extra +
            "      - name: B\n        when: revenue(365d) >= 10000\n"
            "      - name: C\n        default: true\n",
        "p.yaml");
}

MetricValues revenue(double amount) {
    MetricValues values;
    values.set({"revenue", "365d"}, amount);
    return values;
}

CustomerState in_tier(const std::string& tier) {
    CustomerState state;
    state.tier = tier;
    state.since = kNow - 100 * kDay;
    return state;
}

MoveOutlook outlook_of(const Policy& policy, const CustomerState& state, double amount) {
    const Classification& classification = policy.classifications[0];
    const Decision decision = decide_transition(classification, state, revenue(amount), kNow);
    return move_outlook(classification, state, decision,
                        select_tier(classification, revenue(amount)).tier->name, kNow);
}

TEST(MoveOutlook, AStayNamesWhatTheRulesSelect) {
    EXPECT_EQ(outlook_of(policy(""), in_tier("B"), 50000).sentence,
              "stays in B: the rules select B");
}

TEST(MoveOutlook, AMoveDueNowHappensAtTheNextEvaluation) {
    const MoveOutlook outlook = outlook_of(policy(""), in_tier("C"), 50000);
    EXPECT_EQ(outlook.sentence, "moves up to B at its next evaluation (C -> B)");
    EXPECT_EQ(outlook.target_tier, "B");
    EXPECT_EQ(outlook.evaluations, 1);
    EXPECT_EQ(outlook_of(policy(""), CustomerState{}, 50000).sentence,
              "enters B at its first evaluation");
}

TEST(MoveOutlook, AnUpgradeCountsTheEvaluationsAndDaysItStillNeeds) {
    const Policy delayed = policy("", "        upgrade_after: 3 evaluations and 10d\n");
    CustomerState state = in_tier("B");
    state.candidate_tier = "A";
    state.candidate_count = 1;
    state.candidate_since = kNow - kDay;  // held once, a day ago
    const MoveOutlook outlook = outlook_of(delayed, state, 500000);
    EXPECT_EQ(outlook.sentence,
              "moves up to A after 2 more evaluations and 9 more days (not before 2026-01-10 "
              "00:00 UTC), if the rule for A keeps holding");
    EXPECT_EQ(outlook.evaluations, 2);
    EXPECT_EQ(outlook.until, kNow + 9 * kDay);
}

TEST(MoveOutlook, ADowngradeStaysUntilItsGraceEnds) {
    const Policy graced = policy("    downgrade:\n      grace: 30d\n");
    CustomerState state = in_tier("A");
    state.candidate_tier = "C";
    state.candidate_count = 3;
    state.candidate_since = kNow - 5 * kDay;
    const MoveOutlook outlook = outlook_of(graced, state, 0);
    EXPECT_EQ(outlook.sentence,
              "stays in A until 2026-01-26 00:00 UTC unless the rule for A holds again; then "
              "moves down to C");
    EXPECT_EQ(outlook.until, kNow + 25 * kDay);
}

TEST(MoveOutlook, ApprovalPinAndRejectionAreSaidAsSuch) {
    const Policy approving = policy("    approval:\n      - jumps_of_more_than: 1\n");
    CustomerState waiting = in_tier("C");
    waiting.pending_tier = "A";
    waiting.pending_since = kNow - kDay;
    EXPECT_EQ(outlook_of(approving, waiting, 500000).sentence,
              "the move C -> A waits for approval since 2025-12-31 00:00 UTC (tierctl approve "
              "or reject)");

    CustomerState pinned = in_tier("C");
    pinned.pin = Pin{"C", kNow + kDay, "trial", "alice"};
    EXPECT_EQ(outlook_of(approving, pinned, 500000).sentence,
              "held in C by a pin (alice, until 2026-01-02 00:00 UTC: trial); the rules would "
              "select A");

    CustomerState rejected = in_tier("C");
    rejected.rejected_tier = "A";
    EXPECT_EQ(outlook_of(approving, rejected, 500000).sentence,
              "stays in C: the move to A was rejected, and is not proposed again until the "
              "rules select another tier");
}

TEST(MoveOutlook, DownAndUpFollowTheBestEnd) {
    const Policy best_last = policy("    best: last\n");
    EXPECT_EQ(outlook_of(best_last, in_tier("C"), 50000).sentence,
              "moves down to B at its next evaluation (C -> B)");
}

}  // namespace
}  // namespace tierd
