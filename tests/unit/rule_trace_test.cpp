// Tests of rules evaluated clause by clause for people (RuleTrace, tierctl explain) and of
// the numbers they show: each comparison with the values it compared, and/or chains read as
// lists, every part evaluated, NaN shown as "no value".
#include <gtest/gtest.h>

#include <limits>

#include "core/readable_number.hpp"
#include "policy/rule_parser.hpp"

namespace tierd {
namespace {

MetricValues values_of(double revenue, double overdue) {
    MetricValues values;
    values.set({"revenue", "365d"}, revenue);
    values.set({"overdue_amount", ""}, overdue);
    values.set({"on_time_ratio", "365d"}, std::numeric_limits<double>::quiet_NaN());
    return values;
}

TEST(ReadableNumber, GroupsThousandsAndTrimsDecimals) {
    const std::pair<double, const char*> cases[] = {
        {0, "0"},
        {999, "999"},
        {1000, "1,000"},
        {1250000, "1,250,000"},
        {0.93, "0.93"},
        {12.5, "12.5"},
        {-12345.678, "-12,345.68"},
        {-0.001, "0"},
        {100000.0, "100,000"},
        {std::numeric_limits<double>::quiet_NaN(), "no value"},
    };
    for (const auto& [value, text] : cases) EXPECT_EQ(readable_number(value), text) << value;
}

TEST(RuleTrace, AComparisonShowsTheValuesItCompared) {
    const auto rule = parse_rule("revenue(365d) >= 100,000", {});
    const RuleTrace trace = rule->trace(values_of(120000, 0));
    EXPECT_EQ(trace.clause, "revenue(365d) >= 100000");
    EXPECT_EQ(trace.compared, "120,000 >= 100,000");
    EXPECT_TRUE(trace.holds);
    EXPECT_TRUE(trace.parts.empty());
    EXPECT_FALSE(rule->trace(values_of(99999.5, 0)).holds);
}

TEST(RuleTrace, AndChainsAreListsAndEveryPartIsEvaluated) {
    const auto rule = parse_rule(
        "revenue(365d) >= 100 and overdue_amount < 10 and (overdue_amount < 5 or revenue(365d) "
        "> 1,000)",
        {});
    const RuleTrace trace = rule->trace(values_of(50, 20));
    EXPECT_FALSE(trace.holds);
    EXPECT_EQ(trace.joined_by, "and");
    ASSERT_EQ(trace.parts.size(), 3u);
    EXPECT_FALSE(trace.parts[0].holds);  // the first fails, and the others are still shown
    EXPECT_EQ(trace.parts[0].compared, "50 >= 100");
    EXPECT_EQ(trace.parts[1].compared, "20 < 10");
    EXPECT_EQ(trace.parts[2].joined_by, "or");
    ASSERT_EQ(trace.parts[2].parts.size(), 2u);
    EXPECT_EQ(trace.parts[2].parts[1].compared, "50 > 1,000");
    EXPECT_EQ(trace.parts[2].clause, "(overdue_amount < 5) or (revenue(365d) > 1000)");
}

TEST(RuleTrace, ArithmeticNotBetweenAndInShowTheirValues) {
    EXPECT_EQ(parse_rule("overdue_amount / revenue(365d) > 0.5", {})
                  ->trace(values_of(1000, 300))
                  .compared,
              "0.3 > 0.5");
    EXPECT_EQ(
        parse_rule("overdue_amount / revenue(365d) > 0.5", {})->trace(values_of(0, 300)).compared,
        "no value > 0.5");
    EXPECT_EQ(parse_rule("on_time_ratio(365d) >= 0.9", {})->trace(values_of(1, 1)).compared,
              "no value >= 0.9");
    const RuleTrace negated = parse_rule("not overdue_amount > 0", {})->trace(values_of(1, 5));
    EXPECT_EQ(negated.joined_by, "not");
    EXPECT_FALSE(negated.holds);
    ASSERT_EQ(negated.parts.size(), 1u);
    EXPECT_TRUE(negated.parts[0].holds);
    EXPECT_EQ(
        parse_rule("revenue(365d) between 1,000 and 2,000", {})->trace(values_of(1500, 0)).compared,
        "1,500 between 1,000 and 2,000");
    EXPECT_EQ(parse_rule("overdue_amount in (0, 5)", {})->trace(values_of(1, 5)).compared,
              "5 in (0, 5)");
}

}  // namespace
}  // namespace tierd
