// Tests of policy text in any script: UTF-8 decoding (core/utf8), names of classifications
// and tiers in Chinese, German or French, rules whose errors show a character whole and
// count columns in characters, and what stays refused in a name (slashes, controls).
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/utf8.hpp"
#include "policy/policy_loader.hpp"
#include "policy/rule_parser.hpp"

namespace tierd {
namespace {

TEST(Utf8, DecodesEachWellFormedSequenceAndRefusesTheRest) {
    struct Case {
        std::string text;
        std::optional<char32_t> first;
        size_t advance;
    };
    for (const Case& c : {Case{"A", U'A', 1}, Case{"ü", U'ü', 2}, Case{"金", U'金', 3},
                          Case{"😀", U'😀', 4}, Case{"\xC3", std::nullopt, 1},  // cut short
                          Case{"\xC0\xAF", std::nullopt, 1},                  // overlong '/'
                          Case{"\xED\xA0\x80", std::nullopt, 1},              // a surrogate
                          Case{"\xF4\x90\x80\x80", std::nullopt, 1},          // above U+10FFFF
                          Case{"\x80", std::nullopt, 1}, Case{"\xE4\xB8x", std::nullopt, 1}}) {
        size_t i = 0;
        EXPECT_EQ(next_code_point(c.text, i), c.first) << c.text;
        EXPECT_EQ(i, c.advance) << c.text;
    }
    EXPECT_EQ(character_count("金牌客户 A"), 6U);
    EXPECT_EQ(character_count("Größe\xFF"), 6U);
    EXPECT_EQ(utf8_encode(U'等'), "等");
    EXPECT_EQ(code_point_label(U'，'), "U+FF0C");
}

TEST(Utf8, WordCharactersAreLettersOfAnyScriptNotPunctuation) {
    for (const char32_t c : {U'ä', U'ß', U'é', U'金', U'等', U'ж', U'α', U'한'}) {
        EXPECT_TRUE(is_word_code_point(c)) << code_point_label(c);
    }
    for (const char32_t c : {U'，', U'。', U'、', U'／', U'∕', U'⁄', U'\u00A0', U'\u3000',
                             U'\u200B', U'\u202E', U'\uFEFF', U'\u0085', U'×', U'≥'}) {
        EXPECT_FALSE(is_word_code_point(c)) << code_point_label(c);
    }
}

std::string policy_named(const std::string& classification, const std::string& top,
                         const std::string& rule = "revenue(365d) >= 100,000") {
    return "version: 1\nclassifications:\n  - name: " + classification +
           "\n    target: category\n    tiers:\n      - name: " + top + "\n        when: " + rule +
           "\n      - name: 普通客户\n        default: true\n";
}

TEST(PolicyNames, AnyScriptIsAName) {
    for (const auto& [classification, top] :
         {std::pair<std::string, std::string>{"客户等级", "金牌客户"},
          {"Kundenstufe", "Größte Kunden"},
          {"catégorie", "Élite-1"}}) {
        const Policy policy = parse_policy(policy_named(classification, top), "p.yaml");
        ASSERT_EQ(policy.classifications.size(), 1U);
        EXPECT_EQ(policy.classifications[0].name, classification);
        EXPECT_EQ(policy.classifications[0].tiers[0].name, top);
    }
}

TEST(PolicyNames, ColumnsAfterNonAsciiTextCountCharacters) {
    // yaml-cpp counts bytes: 金牌客户 is 12 of them and 4 characters.
    const std::string text =
        "version: 1\nclassifications:\n  - name: 客户等级\n    target: category\n    tiers:\n"
        "      - {name: 金牌客户, when: revenu(365d) > 1}\n      - {name: 普通, default: true}\n";
    try {
        parse_policy(text, "p.yaml");
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 6);
        EXPECT_EQ(error.where().column, 28);
    }
    try {  // a quoted rule: its text starts after the quote
        parse_policy(
            "version: 1\nclassifications:\n  - name: 客户等级\n    target: category\n"
            "    tiers:\n      - {name: 金牌客户, when: \"收入(365d) >= 1，000\"}\n"
            "      - {name: 普通, default: true}\n",
            "p.yaml");
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 6);
        EXPECT_EQ(error.where().column, 42);
    }
    try {
        parse_policy("version: 1\nclassifications:\n  - name: 客户等级\n    tiers: 金牌客户: x\n",
                     "p.yaml");
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_NE(std::string(error.what()).find("not valid YAML"), std::string::npos);
        EXPECT_EQ(error.where().line, 4);
        EXPECT_EQ(error.where().column, 16);  // the second `:`, 24 bytes in
    }
}

struct BadName {
    std::string name;
    std::string message;
};

class BadNames : public ::testing::TestWithParam<BadName> {};

TEST_P(BadNames, AreRefusedWithTheCharacterWhole) {
    try {
        parse_policy(policy_named("客户等级", "\"" + GetParam().name + "\""), "p.yaml");
        FAIL() << "accepted " << GetParam().name;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 6);
        EXPECT_NE(std::string(error.what()).find(GetParam().message), std::string::npos)
            << error.what();
    }
}

INSTANTIATE_TEST_SUITE_P(EveryUnsafeName, BadNames,
                         ::testing::Values(BadName{"金牌/客户", "holds `/` (U+002F)"},
                                           BadName{"金牌／客户", "holds `／` (U+FF0F)"},
                                           BadName{"金牌，客户", "holds `，` (U+FF0C)"},
                                           BadName{"A\\tB", "holds U+0009"},
                                           BadName{"A\\u202EB", "holds `\u202E` (U+202E)"},
                                           BadName{"A\xC3", "is not UTF-8 text"},
                                           BadName{" A", "starts or ends with a space"}),
                         [](const auto& info) { return "name_" + std::to_string(info.index); });

struct RuleCase {
    std::string rule;
    int column;  // where the rule starts at column 15 of line 3
    std::string message;
};

class NonAsciiRuleErrors : public ::testing::TestWithParam<RuleCase> {};

TEST_P(NonAsciiRuleErrors, ShowTheCharacterAndCountColumnsInCharacters) {
    try {
        parse_rule(GetParam().rule, {"policy.yaml", 3, 15});
        FAIL() << "accepted: " << GetParam().rule;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().column, GetParam().column) << GetParam().rule;
        EXPECT_NE(std::string(error.what()).find(GetParam().message), std::string::npos)
            << error.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Scripts, NonAsciiRuleErrors,
    ::testing::Values(RuleCase{"收入(365d) >= 1", 15, "unknown metric `收入`"},
                      RuleCase{"overdue_amount > 1 und Umsätze > 2", 34, "after a complete rule"},
                      RuleCase{"revenue(365d) >= 1，000", 33, "unexpected character `，` (U+FF0C)"},
                      RuleCase{"überfällig > 1", 15, "unknown metric `überfällig`"},
                      RuleCase{"überfällig > 1 or x ≥ 2", 35, "unexpected character `≥` (U+2265)"},
                      RuleCase{"overdue_amount > 1 \xE4 2", 34, "byte 0xE4 is not UTF-8"}),
    [](const auto& info) { return "rule_" + std::to_string(info.index); });

}  // namespace
}  // namespace tierd
