// Tests of the rules of change (rules/transition_rules): tier selection, upgrade delays,
// downgrade grace, immediate tiers, approvals, pins and initial tiers, with a manual clock
// and the decision's next state fed back as a daemon would store it.
#include "rules/transition_rules.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "policy/policy_loader.hpp"

namespace tierd {
namespace {

using std::chrono::hours;
constexpr auto kDay = hours(24);

// A value policy A/B/C on revenue(365d) (A from 100,000, B from 10,000) with `extra` YAML
// lines appended to the classification and `a_extra` to tier A.
Policy value_policy(const std::string& extra = "", const std::string& a_extra = "") {
    return parse_policy(
        "version: 3\nclassifications:\n  - name: value_tier\n    target: category\n" + extra +
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
const MetricValues kTierA = revenue(500000);
const MetricValues kTierB = revenue(50000);
const MetricValues kTierC = revenue(0);

// One customer evaluated again and again, its state kept as the daemon keeps it.
class Customer {
  public:
    Customer(Policy policy, std::optional<std::string> tier)
        : policy_(std::move(policy)), clock_(TimePoint(std::chrono::hours(24 * 20000))) {
        state_.tier = std::move(tier);
        if (state_.tier) state_.since = clock_.now();
    }

    Decision evaluate(const MetricValues& values) {
        Decision decision =
            decide_transition(policy_.classifications[0], state_, values, clock_.now());
        state_ = decision.next;
        return decision;
    }
    std::string tier() const { return state_.tier.value_or("(none)"); }
    CustomerState& state() { return state_; }
    void wait(std::chrono::system_clock::duration span) { clock_.advance(span); }
    TimePoint now() const { return clock_.now(); }

  private:
    Policy policy_;
    ManualClock clock_;
    CustomerState state_;
};

TEST(TierSelection, FirstMatchingTierWinsBestFirst) {
    const Policy policy = value_policy();
    const Classification& value = policy.classifications[0];
    EXPECT_EQ(select_tier(value, revenue(500000)).tier->name, "A");
    EXPECT_EQ(select_tier(value, revenue(100000)).tier->name, "A");
    EXPECT_EQ(select_tier(value, revenue(99999)).tier->name, "B");
    EXPECT_EQ(select_tier(value, revenue(99999)).rule, "revenue(365d) >= 10000");
}

TEST(TierSelection, NoRuleHoldingMeansTheDefaultTier) {
    const Policy policy = value_policy();
    const TierMatch match = select_tier(policy.classifications[0], revenue(5));
    EXPECT_EQ(match.tier->name, "C");
    EXPECT_EQ(match.rule, "default");
}

TEST(TransitionRules, NewCustomerIsClassifiedAtOnce) {
    Customer customer(value_policy(), std::nullopt);
    const Decision decision = customer.evaluate(kTierB);
    EXPECT_EQ(decision.kind, Decision::Kind::move);
    EXPECT_FALSE(decision.from_tier);
    EXPECT_EQ(decision.to_tier, "B");
    EXPECT_TRUE(decision.changes_tier());
    EXPECT_EQ(customer.tier(), "B");
}

TEST(TransitionRules, WithoutRulesOfChangeMovesAreImmediate) {
    Customer customer(value_policy(), std::string("C"));
    EXPECT_EQ(customer.evaluate(kTierA).to_tier, "A");
    EXPECT_EQ(customer.evaluate(kTierB).to_tier, "B");
    const Decision down = customer.evaluate(kTierC);
    EXPECT_EQ(down.kind, Decision::Kind::move);
    EXPECT_EQ(*down.from_tier, "B");
    EXPECT_EQ(down.to_tier, "C");
}

TEST(TransitionRules, UnchangedMetricsNeverMoveACustomer) {
    const std::vector<Policy> policies = {
        value_policy(), value_policy("    downgrade:\n      grace: 30d\n",
                                     "        upgrade_after: 3 evaluations and 7d\n")};
    for (const auto& policy : policies) {
        for (double amount : {0.0, 9999.0, 10000.0, 99999.99, 100000.0, 1e9}) {
            Customer customer(policy, std::nullopt);
            customer.evaluate(revenue(amount));
            const std::string settled = customer.tier();
            for (int evaluation = 0; evaluation < 50; ++evaluation) {
                customer.wait(hours(evaluation * 7));
                const Decision decision = customer.evaluate(revenue(amount));
                ASSERT_EQ(decision.kind, Decision::Kind::stay) << amount;
                ASSERT_EQ(customer.tier(), settled);
            }
        }
    }
}

TEST(UpgradeAfter, TwoGoodEvaluationsThenABadOneNeverUpgrade) {
    Customer customer(value_policy("", "        upgrade_after: 3 evaluations\n"), std::string("B"));
    for (int round = 0; round < 10; ++round) {
        EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::stay);
        EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::stay);
        customer.evaluate(kTierB);
        EXPECT_EQ(customer.tier(), "B");
        EXPECT_FALSE(customer.state().candidate_tier);
    }
}

TEST(UpgradeAfter, UpgradesOnTheThirdEvaluationInARow) {
    Customer customer(value_policy("", "        upgrade_after: 3 evaluations\n"), std::string("B"));
    const Decision first = customer.evaluate(kTierA);
    EXPECT_EQ(first.explanation, "upgrade to A waits: its rule has held 1 evaluation(s) of 3");
    EXPECT_EQ(customer.state().candidate_tier, "A");
    customer.evaluate(kTierA);
    const Decision third = customer.evaluate(kTierA);
    EXPECT_EQ(third.kind, Decision::Kind::move);
    EXPECT_EQ(third.to_tier, "A");
    EXPECT_FALSE(customer.state().candidate_tier);
}

TEST(UpgradeAfter, RandomSequencesUpgradeExactlyAfterThreeGoodInARow) {
    std::mt19937 random(20261123);
    for (int trial = 0; trial < 200; ++trial) {
        Customer customer(value_policy("", "        upgrade_after: 3 evaluations\n"),
                          std::string("B"));
        int streak = 0;
        for (int step = 0; step < 30 && customer.tier() == "B"; ++step) {
            const bool good = random() % 3 != 0;
            streak = good ? streak + 1 : 0;
            customer.evaluate(good ? kTierA : kTierB);
            ASSERT_EQ(customer.tier(), streak >= 3 ? "A" : "B") << "trial " << trial;
        }
    }
}

TEST(UpgradeAfter, ADurationMustPassWhileTheRuleHolds) {
    Customer customer(value_policy("", "        upgrade_after: 14d\n"), std::string("B"));
    for (int day = 0; day < 14; ++day) {
        EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::stay) << day;
        customer.wait(kDay - hours(1));
    }
    customer.wait(hours(14));
    EXPECT_EQ(customer.evaluate(kTierA).to_tier, "A");
}

TEST(UpgradeAfter, CountAndDurationMustBothBeMet) {
    Customer customer(value_policy("", "        upgrade_after: 3 evaluations and 7d\n"),
                      std::string("B"));
    customer.evaluate(kTierA);
    customer.wait(8 * kDay);
    EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::stay);  // 2 evaluations only
    EXPECT_EQ(customer.evaluate(kTierA).to_tier, "A");
}

TEST(DowngradeGrace, ADowngradeInsideItsGraceNeverApplies) {
    std::mt19937 random(7);
    for (int trial = 0; trial < 100; ++trial) {
        Customer customer(value_policy("    downgrade:\n      grace: 30d\n"), std::string("A"));
        auto waited = std::chrono::system_clock::duration::zero();
        customer.evaluate(kTierB);
        while (true) {
            const auto step = hours(1 + random() % 72);
            if (waited + step >= 30 * kDay) break;
            waited += step;
            customer.wait(step);
            const Decision decision = customer.evaluate(random() % 2 ? kTierB : kTierC);
            ASSERT_EQ(decision.kind, Decision::Kind::stay);
            ASSERT_EQ(customer.tier(), "A");
        }
        customer.wait(30 * kDay - waited);
        const Decision due = customer.evaluate(kTierC);
        EXPECT_EQ(due.kind, Decision::Kind::move);
        EXPECT_EQ(due.to_tier, "C");  // where the rules point when the grace is over
    }
}

TEST(DowngradeGrace, RecoveringRestartsTheGrace) {
    Customer customer(value_policy("    downgrade:\n      grace: 30d\n"), std::string("A"));
    customer.evaluate(kTierB);
    customer.wait(20 * kDay);
    customer.evaluate(kTierA);  // back in A: the grace is forgotten
    EXPECT_FALSE(customer.state().candidate_tier);
    customer.evaluate(kTierB);
    customer.wait(20 * kDay);
    const Decision decision = customer.evaluate(kTierB);
    EXPECT_EQ(decision.kind, Decision::Kind::stay);
    EXPECT_EQ(decision.explanation,
              "downgrade to B waits: below its tier for 20.0 days of 30d grace");
}

TEST(ImmediateTiers, BypassGraceAndUpgradeDelay) {
    const Policy policy = parse_policy(
        "version: 1\nclassifications:\n  - name: credit\n    target: category\n"
        "    downgrade:\n      grace: 30d\n    tiers:\n"
        "      - name: HOLD\n        when: overdue_amount > 50000\n        immediate: true\n"
        "      - name: GOOD\n        when: overdue_amount == 0\n"
        "        upgrade_after: 5 evaluations\n"
        "      - name: NORMAL\n        default: true\n",
        "p.yaml");
    MetricValues overdue;
    overdue.set({"overdue_amount", ""}, 60000);
    MetricValues clean;
    clean.set({"overdue_amount", ""}, 0);
    Customer customer(policy, std::string("GOOD"));
    EXPECT_EQ(customer.evaluate(overdue).to_tier, "HOLD");  // no 30 days of grace
    Customer normal(policy, std::string("NORMAL"));
    EXPECT_EQ(normal.evaluate(overdue).to_tier, "HOLD");
    EXPECT_EQ(normal.evaluate(clean).kind, Decision::Kind::stay);  // leaving HOLD: grace
}

TEST(Approval, MovesFromAToCWaitForAPerson) {
    Customer customer(value_policy("    approval:\n      - from: [A]\n        to: [C]\n"),
                      std::string("A"));
    const Decision decision = customer.evaluate(kTierC);
    EXPECT_EQ(decision.kind, Decision::Kind::pending_approval);
    EXPECT_EQ(decision.to_tier, "A");
    EXPECT_FALSE(decision.changes_tier());
    EXPECT_EQ(customer.state().pending_tier, "C");
    EXPECT_EQ(customer.state().pending_rule, "default");
    EXPECT_EQ(customer.evaluate(kTierC).kind, Decision::Kind::pending_approval);
    EXPECT_EQ(customer.tier(), "A");
    customer.evaluate(kTierA);  // the rules changed their mind: nothing to approve
    EXPECT_FALSE(customer.state().pending_tier);
    EXPECT_EQ(customer.evaluate(kTierB).to_tier, "B");  // A -> B needs no approval
}

TEST(Approval, JumpsOfMoreThanOneTierWait) {
    Customer customer(value_policy("    approval:\n      - jumps_of_more_than: 1\n"),
                      std::string("C"));
    EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::pending_approval);
    EXPECT_EQ(customer.evaluate(kTierB).kind, Decision::Kind::move);
    EXPECT_FALSE(customer.state().pending_tier);
}

TEST(Approval, NotForACustomerNeverClassified) {
    Customer customer(value_policy("    approval:\n      - jumps_of_more_than: 1\n"), std::nullopt);
    EXPECT_EQ(customer.evaluate(kTierA).to_tier, "A");
}

TEST(Approval, AWaitingMoveKeepsSinceWhenItWaits) {
    Customer customer(value_policy("    approval:\n      - from: [A]\n        to: [C]\n"),
                      std::string("A"));
    customer.evaluate(kTierC);
    const TimePoint first = customer.now();
    EXPECT_EQ(customer.state().pending_since, first);
    customer.wait(kDay);
    customer.evaluate(kTierC);
    EXPECT_EQ(customer.state().pending_since, first);  // the same move: since the first time
    customer.evaluate(kTierA);
    EXPECT_FALSE(customer.state().pending_since);
}

TEST(Approval, AnApprovalWaitsOnlyForTheMoveTheRulesStillAskFor) {
    Customer customer(value_policy("    approval:\n      - from: [C]\n        to: [B]\n",
                                   "        upgrade_after: 3 evaluations\n"),
                      std::string("C"));
    EXPECT_EQ(customer.evaluate(kTierB).kind, Decision::Kind::pending_approval);
    // A now, which waits for its upgrade_after: the move to B is no longer asked for.
    EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::stay);
    EXPECT_FALSE(customer.state().pending_tier);
    EXPECT_EQ(customer.state().candidate_tier, "A");
    EXPECT_EQ(customer.tier(), "C");
}

TEST(Rejection, ARejectedMoveIsNotProposedUntilTheRulesSelectAnotherTier) {
    Customer customer(value_policy("    approval:\n      - jumps_of_more_than: 1\n"),
                      std::string("C"));
    EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::pending_approval);
    // What tierctl reject stores.
    customer.state().rejected_tier = "A";
    customer.state().pending_tier.reset();
    customer.state().pending_rule.clear();
    customer.state().pending_since.reset();
    for (int i = 0; i < 3; ++i) {
        const Decision decision = customer.evaluate(kTierA);
        EXPECT_EQ(decision.kind, Decision::Kind::stay);
        EXPECT_NE(decision.explanation.find("was rejected"), std::string::npos);
        EXPECT_FALSE(customer.state().pending_tier);
        EXPECT_EQ(customer.tier(), "C");
    }
    customer.evaluate(kTierC);  // the rules select another tier: the rejection ends
    EXPECT_FALSE(customer.state().rejected_tier);
    EXPECT_EQ(customer.evaluate(kTierA).kind, Decision::Kind::pending_approval);
}

TEST(Rejection, ARejectionEndsWhenTheRulesMoveTheCustomerElsewhere) {
    Customer customer(value_policy("    approval:\n      - jumps_of_more_than: 1\n"),
                      std::string("C"));
    customer.evaluate(kTierA);
    customer.state().rejected_tier = "A";
    customer.state().pending_tier.reset();
    EXPECT_EQ(customer.evaluate(kTierB).to_tier, "B");  // C -> B needs no approval
    EXPECT_FALSE(customer.state().rejected_tier);
}

TEST(MoveWaits, UpgradeAfterCountsEvaluationsAndTime) {
    const Policy policy = value_policy("", "        upgrade_after: 3 evaluations and 10d\n");
    Customer customer(policy, std::string("B"));
    customer.evaluate(kTierA);
    const TimePoint first = customer.now();
    const MoveWait wait = wait_for_move(policy.classifications[0], customer.state());
    EXPECT_EQ(wait.evaluations_left, 2);
    ASSERT_TRUE(wait.until);
    EXPECT_EQ(*wait.until, first + 10 * kDay);
}

TEST(MoveWaits, ADowngradeWaitsUntilItsGraceEnds) {
    const Policy policy = value_policy("    downgrade:\n      grace: 30d\n");
    Customer customer(policy, std::string("A"));
    customer.evaluate(kTierC);
    const MoveWait wait = wait_for_move(policy.classifications[0], customer.state());
    ASSERT_TRUE(wait.until);
    EXPECT_EQ(*wait.until, customer.now() + 30 * kDay);
    EXPECT_EQ(wait.evaluations_left, 0);
}

TEST(Pins, APinnedCustomerNeverMoves) {
    std::mt19937 random(99);
    Customer customer(value_policy("    downgrade:\n      grace: 1d\n"), std::string("B"));
    customer.state().pin = Pin{"B", std::nullopt, "key account", "alice"};
    for (int step = 0; step < 200; ++step) {
        customer.wait(hours(random() % 100));
        const MetricValues& values = std::vector{&kTierA, &kTierB, &kTierC}[random() % 3][0];
        const Decision decision = customer.evaluate(values);
        ASSERT_EQ(decision.kind, Decision::Kind::pinned);
        ASSERT_FALSE(decision.changes_tier());
        ASSERT_EQ(customer.tier(), "B");
    }
}

TEST(Pins, APinMovesTheCustomerAndExpires) {
    Customer customer(value_policy(), std::string("C"));
    customer.state().pin = Pin{"A", customer.now() + 10 * kDay, "trial", "bob"};
    const Decision pinned = customer.evaluate(kTierC);
    EXPECT_EQ(pinned.kind, Decision::Kind::pinned);
    EXPECT_TRUE(pinned.changes_tier());
    EXPECT_EQ(pinned.to_tier, "A");
    EXPECT_EQ(pinned.explanation, "pinned to A by bob: trial");
    customer.wait(10 * kDay);
    const Decision after = customer.evaluate(kTierC);
    EXPECT_EQ(after.kind, Decision::Kind::move);
    EXPECT_EQ(after.to_tier, "C");
    EXPECT_FALSE(customer.state().pin);
}

TEST(InitialTier, NewCustomersStartThereAndMoveOnByTheRules) {
    Customer customer(
        value_policy("    initial_tier: B\n", "        upgrade_after: 2 evaluations\n"),
        std::nullopt);
    const Decision first = customer.evaluate(kTierA);
    EXPECT_EQ(first.kind, Decision::Kind::move);
    EXPECT_EQ(first.to_tier, "B");
    EXPECT_EQ(customer.state().candidate_tier, "A");
    EXPECT_EQ(customer.evaluate(kTierA).to_tier, "A");
}

// A risk classification tried worst first (HOLD, WATCH, then GOOD; NORMAL the default in
// between), with `best` set by `best` ("" leaves it out), `extra` lines appended to the
// classification and tier_extra[tier] to a tier.
Policy risk_policy(const std::string& best, const std::string& extra,
                   const std::map<std::string, std::string>& tier_extra) {
    const auto more = [&](const std::string& tier) {
        const auto found = tier_extra.find(tier);
        return found == tier_extra.end() ? std::string() : found->second;
    };
    return parse_policy(
        "version: 1\nclassifications:\n  - name: risk\n    target: category\n" +
            (best.empty() ? "" : "    best: " + best + "\n") + extra +
            "    tiers:\n"
            "      - name: HOLD\n        when: max_days_overdue >= 90\n" +
            more("HOLD") + "      - name: WATCH\n        when: max_days_overdue >= 30\n" +
            more("WATCH") + "      - name: NORMAL\n        default: true\n" + more("NORMAL") +
            "      - name: GOOD\n        when: max_days_overdue == 0\n" + more("GOOD"),
        "risk.yaml");
}

MetricValues days_overdue(double days) {
    MetricValues values;
    values.set({"max_days_overdue", ""}, days);
    return values;
}

TEST(BestEnd, DirectionFollowsTheBestEnd) {
    struct Case {
        std::string best, from, to;
        Direction expected;
    };
    const std::vector<Case> cases = {
        {"last", "HOLD", "GOOD", Direction::upgrade},
        {"last", "HOLD", "WATCH", Direction::upgrade},
        {"last", "NORMAL", "GOOD", Direction::upgrade},
        {"last", "GOOD", "NORMAL", Direction::downgrade},
        {"last", "WATCH", "HOLD", Direction::downgrade},
        {"last", "GOOD", "GOOD", Direction::none},
        {"last", "GONE", "GOOD", Direction::none},
        {"first", "HOLD", "GOOD", Direction::downgrade},
        {"", "HOLD", "GOOD", Direction::downgrade},  // the default: the first is best
        {"", "GOOD", "HOLD", Direction::upgrade},
    };
    for (const auto& c : cases) {
        const Policy policy = risk_policy(c.best, "", {});
        const Classification& risk = policy.classifications[0];
        EXPECT_EQ(direction_of(risk, c.from, c.to), c.expected)
            << c.best << ": " << c.from << " -> " << c.to;
        EXPECT_EQ(is_upgrade(risk, c.from, c.to), c.expected == Direction::upgrade);
        EXPECT_EQ(is_downgrade(risk, c.from, c.to), c.expected == Direction::downgrade);
    }
    const Policy policy = risk_policy("last", "", {});
    EXPECT_EQ(direction_of(policy.classifications[0], std::nullopt, "HOLD"), Direction::none);
    EXPECT_STREQ(direction_name(Direction::upgrade), "upgrade");
    EXPECT_STREQ(direction_name(Direction::none), "");
}

// Each case: a policy, a starting tier, and evaluations (days overdue, then days waited
// after it) with the tier and kind of decision each must give.
struct Step {
    double days_overdue;
    std::string tier;
    Decision::Kind kind;
    int wait_days = 0;
};
struct RulesCase {
    const char* what;
    std::string best;
    std::string extra;
    std::map<std::string, std::string> tier_extra;
    std::string start;
    std::vector<Step> steps;
};

class BestLast : public ::testing::TestWithParam<RulesCase> {};

TEST_P(BestLast, RulesOfChangeFollowTheBestEnd) {
    const RulesCase& c = GetParam();
    Customer customer(risk_policy(c.best, c.extra, c.tier_extra), c.start);
    for (size_t i = 0; i < c.steps.size(); ++i) {
        const Step& step = c.steps[i];
        const Decision decision = customer.evaluate(days_overdue(step.days_overdue));
        EXPECT_EQ(customer.tier(), step.tier) << c.what << ", step " << i;
        EXPECT_EQ(decision.kind, step.kind)
            << c.what << ", step " << i << ": " << decision.explanation;
        customer.wait(step.wait_days * kDay);
    }
}

using K = Decision::Kind;
const std::string kGrace = "    downgrade:\n      grace: 30d\n";
INSTANTIATE_TEST_SUITE_P(
    Cases, BestLast,
    ::testing::Values(
        RulesCase{"leaving HOLD is an upgrade: it waits for the better tier's upgrade_after",
                  "last",
                  kGrace,
                  {{"GOOD", "        upgrade_after: 2 evaluations\n"}},
                  "HOLD",
                  {{0, "HOLD", K::stay}, {0, "GOOD", K::move}}},
        RulesCase{"the grace does not delay an upgrade out of HOLD",
                  "last",
                  kGrace,
                  {},
                  "HOLD",
                  {{0, "GOOD", K::move}}},
        RulesCase{"falling into HOLD is a downgrade: it waits out the grace",
                  "last",
                  kGrace,
                  {},
                  "GOOD",
                  {{95, "GOOD", K::stay, 29}, {95, "GOOD", K::stay, 1}, {95, "HOLD", K::move}}},
        RulesCase{"an immediate HOLD skips the grace",
                  "last",
                  kGrace,
                  {{"HOLD", "        immediate: true\n"}},
                  "GOOD",
                  {{95, "HOLD", K::move}}},
        RulesCase{"upgrade_after of a worse tier does not delay falling into it",
                  "last",
                  "",
                  {{"WATCH", "        upgrade_after: 3 evaluations\n"}},
                  "GOOD",
                  {{40, "WATCH", K::move}}},
        RulesCase{"upgrade_after counts only while the better rule holds",
                  "last",
                  "",
                  {{"NORMAL", "        upgrade_after: 2 evaluations\n"}},
                  "WATCH",
                  {{10, "WATCH", K::stay},
                   {40, "WATCH", K::stay},
                   {10, "WATCH", K::stay},
                   {10, "NORMAL", K::move}}},
        RulesCase{"an approval for downgrades stops a fall, not a rise",
                  "last",
                  "    approval:\n      - jumps_of_more_than: 1\n        direction: downgrade\n",
                  {},
                  "GOOD",
                  {{95, "GOOD", K::pending_approval}, {0, "GOOD", K::stay}}},
        RulesCase{"an approval for downgrades lets a jump up through",
                  "last",
                  "    approval:\n      - jumps_of_more_than: 1\n        direction: downgrade\n",
                  {},
                  "HOLD",
                  {{0, "GOOD", K::move}}},
        RulesCase{"an approval for upgrades stops the jump out of HOLD",
                  "last",
                  "    approval:\n      - from: [HOLD]\n        direction: upgrade\n",
                  {},
                  "HOLD",
                  {{0, "HOLD", K::pending_approval}, {95, "HOLD", K::stay}}},
        RulesCase{"without `best` the first tier is best: leaving HOLD waits the grace",
                  "",
                  kGrace,
                  {},
                  "HOLD",
                  {{0, "HOLD", K::stay, 30}, {0, "GOOD", K::move}}},
        RulesCase{"with `best: first` upgrade_after delays the move into HOLD",
                  "first",
                  "",
                  {{"HOLD", "        upgrade_after: 2 evaluations\n"}},
                  "GOOD",
                  {{95, "GOOD", K::stay}, {95, "HOLD", K::move}}}),
    [](const ::testing::TestParamInfo<RulesCase>& info) {
        return "case" + std::to_string(info.index);
    });

TEST(BestEnd, AnUnknownBestEndIsRefusedAtItsLine) {
    try {
        risk_policy("top", "", {});
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 5);
        EXPECT_STREQ(error.what(),
                     "`best` of classification `risk` must be `first` or `last`, "
                     "not `top`");
    }
    try {
        risk_policy("last", "    approval:\n      - from: [HOLD]\n        direction: up\n", {});
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_STREQ(error.what(),
                     "`direction` of an approval rule must be `upgrade` or `downgrade`, not `up`");
    }
}

TEST(ShippedExamples, RegionalCreditGradesAskMoreAbroadAndSpareKeyAccounts) {
    const Policy policy =
        load_policy_file(std::string(TIERD_CONFIG_DIR) + "/policies/regional_credit_grades.yaml");
    const Classification& grades = policy.classifications[0];
    EXPECT_TRUE(is_upgrade(grades, "NORMAL", "GOOD"));
    const auto grade_of = [&](const char* country, double invoices, double days_overdue,
                              bool key_account) {
        MetricValues values;
        values.set({"max_days_overdue", ""}, days_overdue);
        values.set({"overdue_amount", ""}, days_overdue > 0 ? 100 : 0);
        values.set({"outstanding", ""}, 1000);
        values.set({"invoice_count", "12m"}, invoices);
        if (country) values.set_text("country", country);
        if (key_account) values.add_category("segment / key account");
        return select_tier(grades, values).tier->name;
    };
    EXPECT_EQ(grade_of("DE", 3, 0, false), "GOOD");
    EXPECT_EQ(grade_of("AT", 3, 0, false), "GOOD");
    EXPECT_EQ(grade_of("FR", 3, 0, false), "NORMAL");  // abroad: six invoices
    EXPECT_EQ(grade_of("FR", 6, 0, false), "GOOD");
    EXPECT_EQ(grade_of(nullptr, 3, 0, false), "NORMAL");  // no country: abroad
    EXPECT_EQ(grade_of("DE", 3, 45, false), "WATCH");
    EXPECT_EQ(grade_of("DE", 3, 45, true), "NORMAL");  // a key account is not watched
    EXPECT_EQ(grade_of("DE", 3, 95, true), "HOLD");
}

TEST(ShippedExamples, CreditGradesHoldAtOnceAndEarnTheWayBack) {
    const Policy policy =
        load_policy_file(std::string(TIERD_CONFIG_DIR) + "/policies/credit_grades.yaml");
    const Classification& grades = policy.classifications[0];
    EXPECT_TRUE(is_upgrade(grades, "HOLD", "NORMAL"));
    EXPECT_TRUE(is_downgrade(grades, "GOOD", "WATCH"));
    Customer customer(policy, std::nullopt);
    MetricValues values;
    values.set({"max_days_overdue", ""}, 0);
    values.set({"overdue_amount", ""}, 0);
    values.set({"outstanding", ""}, 0);
    values.set({"invoice_count", "12m"}, 1);
    EXPECT_EQ(customer.evaluate(values).to_tier, "NORMAL");
    values.set({"overdue_amount", ""}, 60000);
    values.set({"outstanding", ""}, 60000);
    EXPECT_EQ(customer.evaluate(values).to_tier, "HOLD");  // immediate: no grace
    values.set({"overdue_amount", ""}, 0);                 // paid: the upgrade's 30 days start now
    values.set({"outstanding", ""}, 0);
    const Decision waiting = customer.evaluate(values);
    EXPECT_EQ(waiting.to_tier, "HOLD");
    EXPECT_EQ(waiting.explanation,
              "upgrade to NORMAL waits: its rule has held 1 evaluation(s), for 0.0 days of 30d");
    customer.wait(29 * kDay);
    EXPECT_EQ(customer.evaluate(values).to_tier, "HOLD");
    customer.wait(kDay);
    EXPECT_EQ(customer.evaluate(values).to_tier, "NORMAL");
    values.set({"invoice_count", "12m"}, 3);  // GOOD is earned over 30 days too
    EXPECT_EQ(customer.evaluate(values).to_tier, "NORMAL");
    customer.wait(30 * kDay);
    EXPECT_EQ(customer.evaluate(values).to_tier, "GOOD");
    values.set({"max_days_overdue", ""}, 40);  // a slip: WATCH after the 3 days of grace
    EXPECT_EQ(customer.evaluate(values).to_tier, "GOOD");
    customer.wait(3 * kDay);
    EXPECT_EQ(customer.evaluate(values).to_tier, "WATCH");
}

TEST(ShippedExamples, CreditGradesAskBeforeHoldGoesStraightToGood) {
    Customer customer(
        load_policy_file(std::string(TIERD_CONFIG_DIR) + "/policies/credit_grades.yaml"),
        std::string("HOLD"));
    MetricValues values;
    values.set({"max_days_overdue", ""}, 0);
    values.set({"overdue_amount", ""}, 0);
    values.set({"outstanding", ""}, 0);
    values.set({"invoice_count", "12m"}, 5);
    customer.evaluate(values);
    customer.wait(30 * kDay);
    const Decision decision = customer.evaluate(values);
    EXPECT_EQ(decision.kind, Decision::Kind::pending_approval);
    EXPECT_EQ(customer.state().pending_tier, "GOOD");
}

TEST(ShippedExamples, DormancyNeedsAWeekBeforeSlowing) {
    Customer customer(load_policy_file(std::string(TIERD_CONFIG_DIR) + "/policies/dormancy.yaml"),
                      std::nullopt);
    MetricValues values;
    values.set({"days_since_last_invoice", ""}, 10);
    EXPECT_EQ(customer.evaluate(values).to_tier, "active");
    values.set({"days_since_last_invoice", ""}, 95);
    EXPECT_EQ(customer.evaluate(values).to_tier, "active");
    customer.wait(7 * kDay);
    values.set({"days_since_last_invoice", ""}, 102);
    EXPECT_EQ(customer.evaluate(values).to_tier, "slowing");
}

TEST(TransitionRules, ATierRemovedFromThePolicyIsLeft) {
    Customer customer(value_policy(), std::string("GOLD"));
    const Decision decision = customer.evaluate(kTierC);
    EXPECT_EQ(decision.kind, Decision::Kind::move);
    EXPECT_EQ(*decision.from_tier, "GOLD");
    EXPECT_EQ(decision.to_tier, "C");
}

}  // namespace
}  // namespace tierd
