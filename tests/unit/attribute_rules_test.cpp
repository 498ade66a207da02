// Tests of the rule language over who the customer is (policy/text_nodes, the lexer's texts
// and the parser's type checks): texts in any script, =, !=, in, not in, has_category, a
// customer without a value, and every mistake with its position and fix.
#include <gtest/gtest.h>

#include "policy/rule_parser.hpp"

namespace tierd {
namespace {

// A customer in Bavaria, Germany, who writes German, in a retail category; and one without
// an address (no country, subdivision or city).
MetricValues bavarian() {
    MetricValues values;
    values.set({"revenue", "365d"}, 150000);
    values.set_text("country", "DE");
    values.set_text("subdivision", "DE-BY");
    values.set_text("city", "München");
    values.set_text("language", "de");
    values.add_category("industry / retail");
    values.add_category("区域 / 华东");
    return values;
}

MetricValues without_address() {
    MetricValues values;
    values.set({"revenue", "365d"}, 150000);
    values.set_text("language", "zh_CN");
    return values;
}

struct AttributeCase {
    const char* rule;
    bool for_bavarian;
    bool without_address;
};

void PrintTo(const AttributeCase& rule, std::ostream* out) {
    *out << rule.rule;
}

class AttributeEvaluation : public ::testing::TestWithParam<AttributeCase> {};

TEST_P(AttributeEvaluation, EvaluatesAsAFinanceLeadReadsIt) {
    const auto rule = parse_rule(GetParam().rule, {"policy.yaml", 3, 15});
    EXPECT_EQ(rule->truth(bavarian()), GetParam().for_bavarian);
    EXPECT_EQ(rule->truth(without_address()), GetParam().without_address);
}

INSTANTIATE_TEST_SUITE_P(
    EveryOperator, AttributeEvaluation,
    ::testing::Values(
        AttributeCase{"country = \"DE\"", true, false},
        AttributeCase{"country == 'DE'", true, false},
        AttributeCase{"\"DE\" = country", true, false},
        AttributeCase{"country != \"DE\"", false, false},  // no value: every comparison false
        AttributeCase{"country <> \"FR\"", true, false},
        AttributeCase{"country in (\"DE\", \"AT\", \"CH\")", true, false},
        AttributeCase{"country not in (\"DE\", \"AT\")", false, false},
        AttributeCase{"country not in (\"FR\")", true, false},
        AttributeCase{"subdivision in ('DE-BY', 'DE-BW')", true, false},
        AttributeCase{"city = \"München\"", true, false},
        AttributeCase{"city = \"Munchen\"", false, false},
        AttributeCase{"language = \"zh_CN\"", false, true},
        AttributeCase{"not country = \"DE\"", false, true},
        AttributeCase{"has_category(\"industry / retail\")", true, false},
        AttributeCase{"has_category(\"区域 / 华东\")", true, false},
        AttributeCase{"has_category(\"industry\")", false, false},
        AttributeCase{"not has_category(\"industry / retail\")", false, true},
        AttributeCase{"has_category(\"industry / retail\") and revenue(365d) > 1,000,000", false,
                      false},
        AttributeCase{"country = \"DE\" and revenue(365d) >= 100,000 or language = 'zh_CN'", true,
                      true},
        AttributeCase{"country = \"\"", false, false}));

struct AttributeErrorCase {
    const char* rule;
    int column;  // of the error, counted in characters from the rule's column 15
    const char* message;
    const char* hint;
};

void PrintTo(const AttributeErrorCase& rule, std::ostream* out) {
    *out << rule.rule;
}

class AttributeErrors : public ::testing::TestWithParam<AttributeErrorCase> {};

TEST_P(AttributeErrors, NamesThePositionAndTheFix) {
    const AttributeErrorCase& expected = GetParam();
    try {
        parse_rule(expected.rule, {"policy.yaml", 3, 15});
        FAIL() << "accepted: " << expected.rule;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().column, expected.column) << expected.rule;
        EXPECT_NE(std::string(error.what()).find(expected.message), std::string::npos)
            << error.what();
        EXPECT_NE(error.hint().find(expected.hint), std::string::npos) << error.hint();
    }
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, AttributeErrors,
    ::testing::Values(
        AttributeErrorCase{"country = 49", 25,
                           "`=` compares `country`, a text, with `49`, a number", "\"DE\""},
        AttributeErrorCase{"revenue(365d) = \"lots\"", 15,
                           "`=` compares `\"lots\"`, a text, with `revenue(365d)`, a number", ""},
        AttributeErrorCase{"country > \"DE\"", 23, "`>` compares numbers, but `country` is a text",
                           "=, != and in"},
        AttributeErrorCase{"country in (\"DE\", 1)", 33,
                           "a list member of `in` here must be a text, but `1` is a number",
                           "quotes"},
        AttributeErrorCase{"overdue_amount in (1, \"DE\")", 37,
                           "a list member of `in` here must be a number", "numbers"},
        AttributeErrorCase{"country between \"A\" and \"C\"", 15, "`between` needs a number", ""},
        AttributeErrorCase{"country + 1 > 2", 15, "`+` needs a number, but `country` is a text",
                           ""},
        AttributeErrorCase{"country", 15, "a rule must be a condition", ""},
        AttributeErrorCase{"countri = \"DE\"", 15,
                           "unknown metric `countri` — did you mean `country`?", "--metrics"},
        AttributeErrorCase{"has_categroy(\"x\")", 15, "did you mean `has_category`?", ""},
        AttributeErrorCase{"categories = \"x\"", 15, "`categories` is a set of names",
                           "has_category(\""},
        AttributeErrorCase{"has_category(retail)", 28,
                           "the category of `has_category` must be a text in quotes", ""},
        AttributeErrorCase{"has_category \"x\"", 28, "`has_category` needs a category", ""},
        AttributeErrorCase{"has_category(\"\")", 28, "`` is not a category name", ""},
        AttributeErrorCase{"has_category(\"x\"", 31, "missing `)` after the category", ""},
        AttributeErrorCase{"country = \"DE", 25, "the text starting here has no closing \"",
                           "end it with \""},
        AttributeErrorCase{"city = \"Mün\tchen\"", 26, "control character U+0009", "one line"},
        // Columns count characters: the text before the error is Chinese.
        AttributeErrorCase{"city = \"北京\" and country > \"CN\"", 39,
                           "`>` compares numbers, but `country` is a text", ""},
        AttributeErrorCase{"city = \"北京\" and 城市 = \"x\"", 31, "unknown metric `城市`", ""}));

TEST(AttributeRules, ReadWhatTheyNeedAndSayWhatTheyCompared) {
    const auto rule = parse_rule(
        "country in (\"DE\", \"AT\") and has_category(\"industry / retail\") and city != 'Köln'",
        {});
    std::set<std::string> attributes, categories;
    rule->collect_attributes(attributes, categories);
    EXPECT_EQ(attributes, (std::set<std::string>{"categories", "city", "country"}));
    EXPECT_EQ(categories, std::set<std::string>{"industry / retail"});
    std::set<MetricKey> metrics;
    rule->collect_metrics(metrics);
    EXPECT_TRUE(metrics.empty());

    const RuleTrace trace = rule->trace(bavarian());
    ASSERT_EQ(trace.parts.size(), 3u);
    EXPECT_EQ(trace.parts[0].compared, "\"DE\" in (\"DE\", \"AT\")");
    EXPECT_EQ(trace.parts[1].compared, "its categories: \"industry / retail\", \"区域 / 华东\"");
    EXPECT_EQ(trace.parts[2].compared, "\"München\" != \"Köln\"");
    EXPECT_TRUE(trace.holds);
    EXPECT_EQ(rule->trace(without_address()).parts[0].compared, "no value in (\"DE\", \"AT\")");
    EXPECT_EQ(rule->to_string(),
              "(((country in (\"DE\", \"AT\")) and has_category(\"industry / retail\")) and "
              "(city != \"Köln\"))");
}

}  // namespace
}  // namespace tierd
