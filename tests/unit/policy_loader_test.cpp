// Tests of policy loading (policy/policy_loader): the shipped examples load, and every bad
// policy in tests/fixtures/policies/ is refused with its file, line, column and a fix.
#include "policy/policy_loader.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "plugin/erp_plugin.hpp"

namespace tierd {
namespace {

const std::string kFixtures = std::string(TIERD_FIXTURES_DIR) + "/policies/";
const std::string kConfig = std::string(TIERD_CONFIG_DIR) + "/policies/";
const std::string kPlugins = std::string(TIERD_CONFIG_DIR) + "/../plugins";

TEST(PolicyLoader, LoadsTheValueTierExample) {
    const Policy policy = load_policy_file(kConfig + "value_tiers.yaml");
    EXPECT_EQ(policy.version, "1");
    EXPECT_EQ(policy.content_hash.size(), 64u);
    ASSERT_EQ(policy.classifications.size(), 1u);
    const Classification& value = policy.classifications[0];
    EXPECT_EQ(value.name, "value_tier");
    EXPECT_EQ(value.target, "category");
    EXPECT_EQ(value.evaluate_every->to_string(), "24h");
    ASSERT_EQ(value.tiers.size(), 3u);
    EXPECT_EQ(value.tiers[0].name, "A");
    EXPECT_EQ(value.default_tier().name, "C");
    const std::set<MetricKey> expected = {{"overdue_amount", ""}, {"revenue", "365d"}};
    EXPECT_EQ(policy.metrics_used(), expected);
}

TEST(PolicyLoader, EveryShippedExampleServesTheTrytonPlugin) {
    const ErpPlugin tryton = ErpPlugin::load(kPlugins, "tryton");
    for (const char* file : {"value_tiers.yaml", "credit_grades.yaml", "dormancy.yaml"}) {
        const Policy policy = load_policy_file(kConfig + file);
        EXPECT_NO_THROW(tryton.check_policy(policy)) << file;
        EXPECT_FALSE(policy.metrics_used().empty()) << file;
    }
}

TEST(PolicyLoader, HashChangesWithContent) {
    const std::string text =
        "version: 1\nclassifications:\n  - name: v\n    target: category\n"
        "    tiers:\n      - name: C\n        default: true\n";
    EXPECT_NE(parse_policy(text, "a").content_hash,
              parse_policy(text + "# note\n", "a").content_hash);
    EXPECT_EQ(parse_policy(text, "a").content_hash, parse_policy(text, "b").content_hash);
}

TEST(PolicyLoader, ReadsTheCompanyWithItsPosition) {
    const std::string body =
        "classifications:\n  - name: v\n    target: category\n"
        "    tiers:\n      - name: C\n        default: true\n";
    const Policy named = parse_policy("version: 1\ncompany: Acme EU\n" + body, "p.yaml");
    ASSERT_TRUE(named.company.has_value());
    EXPECT_EQ(*named.company, "Acme EU");
    EXPECT_EQ(named.company_where.line, 2);
    EXPECT_EQ(named.company_where.column, 10);
    EXPECT_FALSE(parse_policy("version: 1\n" + body, "p.yaml").company.has_value());
    try {
        parse_policy("version: 1\ncompany: [A, B]\n" + body, "p.yaml");
        FAIL() << "a list of companies was accepted";
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 2);
        EXPECT_NE(std::string(error.what()).find("`company` must be a single value"),
                  std::string::npos)
            << error.what();
    }
}

struct BadPolicy {
    const char* file;
    int line;
    int column;
    const char* message;
    const char* hint;
};

void PrintTo(const BadPolicy& policy, std::ostream* out) {
    *out << policy.file;
}

class BadPolicies : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(BadPolicies, AreRefusedWithPositionAndFix) {
    const BadPolicy& expected = GetParam();
    const std::string path = kFixtures + expected.file;
    try {
        load_policy_file(path);
        FAIL() << "accepted " << expected.file;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().file, path);
        EXPECT_EQ(error.where().line, expected.line) << error.what();
        EXPECT_EQ(error.where().column, expected.column) << error.what();
        EXPECT_NE(std::string(error.what()).find(expected.message), std::string::npos)
            << error.what();
        EXPECT_NE(error.hint().find(expected.hint), std::string::npos) << error.hint();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadPolicies,
    ::testing::Values(
        BadPolicy{"bad_yaml.yaml", 8, 6, "not valid YAML", "indentation"},
        BadPolicy{"unknown_key.yaml", 8, 9, "unknown key `upgrade_afterr` in a tier",
                  "allowed keys are: name, when, default"},
        BadPolicy{"tier_without_rule.yaml", 8, 9,
                  "tier `B` of classification `value_tier` has no `when` rule", "default: true"},
        BadPolicy{"unknown_metric.yaml", 7, 15, "unknown metric `revenu`", ""},
        BadPolicy{"no_default.yaml", 6, 7, "has no default tier", "default: true"},
        BadPolicy{"default_with_rule.yaml", 7, 15, "is the default and cannot have a `when`", ""},
        BadPolicy{"duplicate_tier.yaml", 8, 15, "tier `A` appears twice", ""},
        BadPolicy{"missing_version.yaml", 1, 1, "missing the key `version`", ""},
        BadPolicy{"empty.yaml", 1, 1, "the policy file is empty", "config/policies/"},
        BadPolicy{"does_not_exist.yaml", 0, 0, "cannot read the policy file", "--policy"}),
    [](const auto& info) {
        const std::string file = info.param.file;
        return file.substr(0, file.find('.'));
    });

// A classification with `extra` lines after `target:` and `tier_a` lines in tier A.
std::string classification_text(const std::string& extra, const std::string& tier_a = "") {
    return "version: 1\nclassifications:\n  - name: value\n    target: category\n" + extra +
           "    tiers:\n      - name: A\n        when: revenue(365d) >= 100\n" + tier_a +
           "      - name: B\n        when: revenue(365d) >= 10\n"
           "      - name: C\n        default: true\n";
}

TEST(RulesOfChange, AreReadFromTheClassificationAndItsTiers) {
    const Policy policy = parse_policy(
        classification_text("    initial_tier: B\n    downgrade:\n      grace: 30d\n"
                            "    approval:\n      - from: A\n        to: [B, C]\n"
                            "      - jumps_of_more_than: 1\n",
                            "        upgrade_after: 3 evaluations and 14d\n"
                            "        set: {credit_limit: 200000, payment_term: 30 days}\n"),
        "p.yaml");
    const Classification& value = policy.classifications[0];
    EXPECT_EQ(value.initial_tier, "B");
    EXPECT_EQ(value.downgrade_grace->to_string(), "30d");
    ASSERT_EQ(value.approvals.size(), 2u);
    EXPECT_EQ(value.approvals[0].from, std::vector<std::string>{"A"});
    EXPECT_EQ(value.approvals[0].to, (std::vector<std::string>{"B", "C"}));
    EXPECT_EQ(value.approvals[1].jumps_of_more_than, 1);
    const Tier& a = value.tiers[0];
    EXPECT_EQ(a.upgrade_after->evaluations, 3);
    EXPECT_EQ(a.upgrade_after->holding->to_string(), "14d");
    ASSERT_EQ(a.set.size(), 2u);
    EXPECT_EQ(a.set[0].field, "credit_limit");
    EXPECT_EQ(a.set[0].value, "200000");
    EXPECT_EQ(a.set[1].value, "30 days");
    EXPECT_EQ(value.rank_of("C"), 2);
    EXPECT_EQ(value.rank_of("Z"), -1);
    EXPECT_TRUE(policy.warnings.empty());
}

TEST(RulesOfChange, UpgradeAfterTakesACountADurationOrBoth) {
    for (const auto& [text, evaluations, holding] :
         std::vector<std::tuple<std::string, int, std::string>>{
             {"1 evaluation", 1, ""},
             {"3 evaluations", 3, ""},
             {"7d", 0, "7d"},
             {"2 evaluations and 1m", 2, "1m"}}) {
        const Policy policy =
            parse_policy(classification_text("", "        upgrade_after: " + text + "\n"), "p");
        const auto& delay = *policy.classifications[0].tiers[0].upgrade_after;
        EXPECT_EQ(delay.evaluations, evaluations) << text;
        EXPECT_EQ(delay.holding ? delay.holding->to_string() : "", holding) << text;
    }
}

struct BadText {
    const char* name;
    std::string text;
    int line;
    int column;
    const char* message;
};

void PrintTo(const BadText& bad, std::ostream* out) {
    *out << bad.name;
}

class BadRulesOfChange : public ::testing::TestWithParam<BadText> {};

TEST_P(BadRulesOfChange, AreRefusedWithPosition) {
    const BadText& bad = GetParam();
    try {
        parse_policy(bad.text, "p.yaml");
        FAIL() << "accepted " << bad.name;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, bad.line) << error.what();
        EXPECT_EQ(error.where().column, bad.column) << error.what();
        EXPECT_NE(std::string(error.what()).find(bad.message), std::string::npos) << error.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadRulesOfChange,
    ::testing::Values(
        BadText{"upgrade_after_words", classification_text("", "        upgrade_after: soon\n"), 8,
                24, "`upgrade_after` must be a count of evaluations, a duration, or both"},
        BadText{"upgrade_after_zero",
                classification_text("", "        upgrade_after: 0 evaluations\n"), 8, 24,
                "at least 1 evaluation"},
        BadText{"immediate_and_upgrade_after",
                classification_text("", "        immediate: true\n        upgrade_after: 2d\n"), 9,
                24, "is `immediate` and cannot wait"},
        BadText{"immediate_not_boolean", classification_text("", "        immediate: often\n"), 8,
                20, "`immediate` must be true or false"},
        BadText{"grace_zero", classification_text("    downgrade:\n      grace: 0d\n"), 6, 14,
                "`grace` must be a duration of at least 1"},
        BadText{"downgrade_unknown_key", classification_text("    downgrade:\n      grase: 3d\n"),
                6, 7, "unknown key `grase`"},
        BadText{"initial_tier_unknown", classification_text("    initial_tier: D\n"), 5, 19,
                "`initial_tier` names `D`, which is not a tier"},
        BadText{"approval_unknown_tier",
                classification_text("    approval:\n      - from: [A]\n        to: [Cc]\n"), 7, 14,
                "`to` names `Cc`"},
        BadText{"approval_empty", classification_text("    approval:\n      - {}\n"), 6, 9,
                "needs `from`, `to` or `jumps_of_more_than`"},
        BadText{"approval_jump_and_from",
                classification_text(
                    "    approval:\n      - from: [A]\n        jumps_of_more_than: 1\n"),
                7, 29, "either `from`/`to` or `jumps_of_more_than`"},
        BadText{"approval_jump_too_far",
                classification_text("    approval:\n      - jumps_of_more_than: 2\n"), 6, 29,
                "from 1 to 1"},
        BadText{"set_not_a_map", classification_text("", "        set: 5\n"), 8, 14,
                "`set` must map ERP fields to values"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PolicyWarnings, TierBelowATrueRuleCanNeverMatch) {
    const Policy policy = parse_policy(
        "version: 1\nclassifications:\n  - name: v\n    target: category\n    tiers:\n"
        "      - name: A\n        when: true\n      - name: B\n        when: revenue(1y) > 0\n"
        "      - name: C\n        default: true\n",
        "p.yaml");
    ASSERT_EQ(policy.warnings.size(), 1u);
    EXPECT_EQ(policy.warnings[0].where.line, 8);
    EXPECT_EQ(policy.warnings[0].message,
              "tier `B` can never match: tier `A` above it has rule `true`");
}

TEST(PolicyWarnings, LooserThresholdAboveShadowsTheStricterOneBelow) {
    const Policy policy = parse_policy(
        classification_text("").replace(classification_text("").find(">= 100\n"), 7, ">= 5\n"),
        "p.yaml");
    ASSERT_EQ(policy.warnings.size(), 1u);
    EXPECT_EQ(policy.warnings[0].message,
              "tier `B` can never match: tier `A` above it matches every customer it would "
              "(`revenue(365d) >= 5`)");
    EXPECT_NE(policy.warnings[0].hint.find("stricter rule first"), std::string::npos);
}

TEST(PolicyWarnings, SameRuleTwiceAndFalseRules) {
    const Policy policy = parse_policy(
        "version: 1\nclassifications:\n  - name: v\n    target: category\n    tiers:\n"
        "      - name: A\n        when: overdue_amount > 5\n"
        "      - name: B\n        when: 5 < overdue_amount\n"
        "      - name: X\n        when: false\n      - name: C\n        default: true\n",
        "p.yaml");
    ASSERT_EQ(policy.warnings.size(), 2u);
    EXPECT_EQ(policy.warnings[0].message,
              "tier `B` can never match: tier `A` above it matches every customer it would "
              "(`overdue_amount > 5`)");
    EXPECT_EQ(policy.warnings[1].message, "tier `X` can never match: its rule is `false`");
}

TEST(PolicyWarnings, NoneForTheShippedExamples) {
    for (const char* file : {"value_tiers.yaml", "credit_grades.yaml", "dormancy.yaml"}) {
        EXPECT_TRUE(load_policy_file(kConfig + file).warnings.empty()) << file;
    }
}

TEST(PolicyLoader, UnknownTargetIsRefusedByThePlugin) {
    const Policy policy = load_policy_file(kFixtures + "unknown_target.yaml");
    try {
        ErpPlugin::load(kPlugins, "tryton").check_policy(policy);
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 3);
        EXPECT_NE(std::string(error.what()).find("target `salary`"), std::string::npos);
        EXPECT_NE(error.hint().find("category"), std::string::npos);
    }
}

TEST(PolicyLoader, FieldThePluginCannotSetIsRefused) {
    const Policy policy =
        parse_policy(classification_text("", "        set: {salary: 0}\n"), "p.yaml");
    try {
        ErpPlugin::load(kPlugins, "tryton").check_policy(policy);
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 8);
        EXPECT_EQ(error.where().column, 15);
        EXPECT_NE(std::string(error.what()).find("field `salary` of tier `A` cannot be set"),
                  std::string::npos);
        EXPECT_NE(error.hint().find("credit_limit"), std::string::npos);
    }
}

TEST(PolicyLoader, CreditLimitsMustBeAmounts) {
    const ErpPlugin tryton = ErpPlugin::load(kPlugins, "tryton");
    EXPECT_NO_THROW(tryton.check_policy(
        parse_policy(classification_text("", "        set: {credit_limit: 2500.50}\n"), "p.yaml")));
    for (const char* bad : {"lots", "-5", "1,000", "1e9", "12.1234567"}) {
        const Policy policy = parse_policy(
            classification_text("", std::string("        set: {credit_limit: \"") + bad + "\"}\n"),
            "p.yaml");
        EXPECT_THROW(tryton.check_policy(policy), PolicyError) << bad;
    }
}

TEST(PolicyLoader, MetricThePluginLacksIsRefused) {
    const Policy policy = parse_policy(
        "version: 1\nclassifications:\n  - name: v\n    target: category\n    tiers:\n"
        "      - name: A\n        when: on_time_ratio(365d) > 0.9\n      - name: C\n"
        "        default: true\n",
        "p.yaml");
    const ErpPlugin minimal =
        ErpPlugin::load(std::string(TIERD_FIXTURES_DIR) + "/plugins", "minimal");
    try {
        minimal.check_policy(policy);
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 6);
        EXPECT_NE(std::string(error.what())
                      .find("metric `on_time_ratio` of tier `A` is not "
                            "provided by the minimal plugin"),
                  std::string::npos);
        EXPECT_EQ(error.hint(), "metrics of the minimal plugin: revenue");
    }
    EXPECT_NO_THROW(ErpPlugin::load(kPlugins, "tryton").check_policy(policy));
}

TEST(PolicyLoader, UnknownPluginNamesTheAvailableOnes) {
    try {
        ErpPlugin::load(kPlugins, "sap");
        FAIL();
    } catch (const PluginError& error) {
        EXPECT_NE(std::string(error.what()).find("unknown ERP plugin 'sap'"), std::string::npos);
        EXPECT_NE(error.hint().find("tryton"), std::string::npos);
    }
}

}  // namespace
}  // namespace tierd
