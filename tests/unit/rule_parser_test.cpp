// Tests of the rule language (policy/rule_lexer, rule_parser, expression_nodes): every
// operator evaluated, and every error message with its position.
#include "policy/rule_parser.hpp"

#include <gtest/gtest.h>

namespace tierd {
namespace {

MetricValues sample_values() {
    MetricValues values;
    values.set({"revenue", "365d"}, 150000);
    values.set({"revenue", "30d"}, 0);
    values.set({"overdue_amount", ""}, 2500);
    values.set({"max_days_overdue", ""}, 45);
    values.set({"invoice_count", "12m"}, 12);
    return values;
}

bool holds(const std::string& rule) {
    return parse_rule(rule, {"policy.yaml", 3, 15})->truth(sample_values());
}

struct EvaluationCase {
    const char* rule;
    bool expected;
};

void PrintTo(const EvaluationCase& rule, std::ostream* out) {
    *out << rule.rule;
}

class RuleEvaluation : public ::testing::TestWithParam<EvaluationCase> {};

TEST_P(RuleEvaluation, EvaluatesAsAFinanceLeadReadsIt) {
    EXPECT_EQ(holds(GetParam().rule), GetParam().expected) << GetParam().rule;
}

INSTANTIATE_TEST_SUITE_P(
    EveryOperator, RuleEvaluation,
    ::testing::Values(
        EvaluationCase{"revenue(365d) >= 100000", true},
        EvaluationCase{"revenue(365d) >= 1,000,000", false},
        EvaluationCase{"revenue(365d) >= 150_000", true},
        EvaluationCase{"revenue(365d) > 150000", false},
        EvaluationCase{"revenue(365d) < 150000.5", true},
        EvaluationCase{"revenue(365d) <= 150000", true},
        EvaluationCase{"overdue_amount == 2500", true},
        EvaluationCase{"overdue_amount = 2500", true},
        EvaluationCase{"overdue_amount != 2500", false},
        EvaluationCase{"overdue_amount <> 2400", true},
        EvaluationCase{"revenue(365d) >= 100000 and overdue_amount < 1000", false},
        EvaluationCase{"revenue(365d) >= 100000 or overdue_amount < 1000", true},
        EvaluationCase{"not overdue_amount > 0", false},
        EvaluationCase{"NOT (overdue_amount > 0) OR max_days_overdue > 30", true},
        EvaluationCase{"overdue_amount / revenue(365d) < 2%", true},
        EvaluationCase{"overdue_amount * 2 + 5000 - 10000 == 0", true},
        EvaluationCase{"-overdue_amount < 0", true}, EvaluationCase{"1 + 2 * 3 == 7", true},
        EvaluationCase{"(1 + 2) * 3 == 9", true}, EvaluationCase{"10 - 4 - 3 == 3", true},
        EvaluationCase{"max_days_overdue between 30 and 60", true},
        EvaluationCase{"max_days_overdue between 46 and 60", false},
        EvaluationCase{"max_days_overdue between 45 and 45", true},
        EvaluationCase{"invoice_count(12m) in (6, 12, 24)", true},
        EvaluationCase{"invoice_count(12m) not in (6, 12, 24)", false},
        EvaluationCase{"invoice_count(12m) in (1,2)", false}, EvaluationCase{"true", true},
        EvaluationCase{"false or true and false", false},
        // Division by zero at run time is "no value": every comparison with it is false.
        EvaluationCase{"overdue_amount / revenue(30d) > 0", false},
        EvaluationCase{"overdue_amount / revenue(30d) <= 0", false},
        EvaluationCase{"overdue_amount / revenue(30d) != 1", false}),
    [](const auto& info) { return "rule_" + std::to_string(info.index); });

TEST(RuleParser, CollectsEachMetricOnce) {
    std::set<MetricKey> keys;
    parse_rule("revenue(365d) > 1 and revenue(365d) < 9 or revenue(30d) > overdue_amount", {})
        ->collect_metrics(keys);
    const std::set<MetricKey> expected = {
        {"revenue", "365d"}, {"revenue", "30d"}, {"overdue_amount", ""}};
    EXPECT_EQ(keys, expected);
}

TEST(RuleParser, RendersCanonicalText) {
    EXPECT_EQ(parse_rule("not overdue_amount > 1 + 2 * 3", {})->to_string(),
              "(not (overdue_amount > (1 + (2 * 3))))");
    EXPECT_EQ(parse_rule("revenue(12m) between 1,000 and 2,000", {})->to_string(),
              "(revenue(12m) between 1000 and 2000)");
}

struct ErrorCase {
    const char* rule;
    int column;           // expected column, given the rule starts at column 15
    const char* message;  // expected to appear in the message
    const char* hint;     // expected to appear in the hint
};

void PrintTo(const ErrorCase& rule, std::ostream* out) {
    *out << rule.rule;
}

class RuleErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RuleErrors, NamesThePositionAndTheFix) {
    const ErrorCase& expected = GetParam();
    try {
        parse_rule(expected.rule, {"policy.yaml", 3, 15});
        FAIL() << "accepted: " << expected.rule;
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().file, "policy.yaml");
        EXPECT_EQ(error.where().line, 3);
        EXPECT_EQ(error.where().column, expected.column) << expected.rule;
        EXPECT_NE(std::string(error.what()).find(expected.message), std::string::npos)
            << error.what();
        EXPECT_NE(error.hint().find(expected.hint), std::string::npos) << error.hint();
    }
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, RuleErrors,
    ::testing::Values(
        ErrorCase{"revenu(365d) > 5", 15, "unknown metric `revenu` — did you mean `revenue`?",
                  "--metrics"},
        ErrorCase{"revenue > 5", 15, "metric `revenue` needs a window", "revenue(365d)"},
        ErrorCase{"overdue_amount(30d) > 5", 29, "takes no window", "without parentheses"},
        ErrorCase{"revenue(0d) > 5", 23, "window 0d is empty", "at least 1d"},
        ErrorCase{"revenue(12h) > 5", 23, "shorter than a day", "d, w, m or y"},
        ErrorCase{"revenue(90s) > 5", 23, "shorter than a day", "d, w, m or y"},
        ErrorCase{"revenue(21y) > 5", 23, "longer than 20 years", "20y"},
        ErrorCase{"revenue(365) > 5", 23, "window of `revenue` must be a duration", "365d"},
        ErrorCase{"revenue(365d > 5", 28, "missing `)` after the window", ""},
        ErrorCase{"revenue(365d)", 15, "a rule must be a condition", "revenue(365d) >= 1000"},
        ErrorCase{"revenue(365d) and true", 15, "`and` needs a condition", "> 0"},
        ErrorCase{"true or 5", 23, "`or` needs a condition", ""},
        ErrorCase{"not 5", 19, "`not` needs a condition", ""},
        ErrorCase{"true > 5", 15, "`>` needs a number", ""},
        ErrorCase{"5 + true > 1", 19, "`+` needs a number", ""},
        ErrorCase{"-true", 16, "`-` needs a number", ""},
        ErrorCase{"overdue_amount / 0 > 1", 32, "division by zero: `0` is always 0",
                  "other than 0"},
        ErrorCase{"overdue_amount / (2 - 2) > 1", 32, "division by zero: `(2 - 2)` is always 0",
                  ""},
        ErrorCase{"overdue_amount between 1 or 5", 40, "needs `and` before its upper bound",
                  "between 10 and 20"},
        ErrorCase{"overdue_amount in 1, 2", 33, "needs a list in parentheses", "in (1, 2, 3)"},
        ErrorCase{"overdue_amount in (1, 2", 38, "missing `)` to close the list", ""},
        ErrorCase{"(overdue_amount > 1", 34, "missing `)`", ""},
        ErrorCase{"overdue_amount > 30d", 32, "can only be a metric's window", "revenue(30d)"},
        ErrorCase{"overdue_amount > 30x", 32, "neither a number nor a duration", "30d"},
        ErrorCase{"overdue_amount > 1 1", 34, "after a complete rule", "and"},
        ErrorCase{"overdue_amount >", 31, "ends where a value was expected", ""},
        ErrorCase{"overdue_amount > > 1", 32, "unexpected `>`", ""},
        ErrorCase{"overdue_amount > and", 32, "unexpected `and`", ""},
        ErrorCase{"overdue_amount $ 1", 30, "unexpected character `$`", "comparisons"}),
    [](const auto& info) { return "mistake_" + std::to_string(info.index); });

TEST(RuleParser, NestingIsBounded) {
    const std::string deep = std::string(65, '(') + "overdue_amount > 1" + std::string(65, ')');
    EXPECT_THROW(parse_rule(deep, {}), PolicyError);
    const std::string fine = std::string(60, '(') + "overdue_amount > 1" + std::string(60, ')');
    EXPECT_TRUE(parse_rule(fine, {})->truth(sample_values()));
    std::string many_nots;
    for (int i = 0; i < 100; ++i) many_nots += (i ? " and " : "") + std::string("not false");
    EXPECT_TRUE(parse_rule(many_nots, {})->truth(sample_values()));  // long, but flat
}

TEST(RuleParser, HugeNumbersAreRefused) {
    EXPECT_THROW(parse_rule("overdue_amount > " + std::string(400, '9'), {}), PolicyError);
}

TEST(RuleParser, MultiLineRulesPointAtTheirStart) {
    try {
        parse_rule("overdue_amount > 1\nand revenu(1y) > 2", {"p.yaml", 7, 11});
        FAIL();
    } catch (const PolicyError& error) {
        EXPECT_EQ(error.where().line, 7);
        EXPECT_EQ(error.where().column, 11);
    }
}

}  // namespace
}  // namespace tierd
