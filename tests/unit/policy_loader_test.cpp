// Tests of policy loading (policy/policy_loader): the shipped examples load, and every bad
// policy in tests/fixtures/policies/ is refused with its file, line, column and a fix.
#include "policy/policy_loader.hpp"

#include <gtest/gtest.h>

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

TEST(PolicyLoader, MetricThePluginLacksIsRefused) {
    const Policy policy = parse_policy(
        "version: 1\nclassifications:\n  - name: v\n    target: category\n    tiers:\n"
        "      - name: A\n        when: on_time_ratio(365d) > 0.9\n      - name: C\n"
        "        default: true\n",
        "p.yaml");
    EXPECT_THROW(ErpPlugin::load(kPlugins, "tryton").check_policy(policy), PolicyError);
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
