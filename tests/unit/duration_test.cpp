// Tests of policy durations (policy/duration).
#include "policy/duration.hpp"

#include <gtest/gtest.h>

namespace tierd {
namespace {

TEST(Duration, ParsesEveryUnit) {
    EXPECT_EQ(parse_duration("30s")->to_sql_interval(), "30 seconds");
    EXPECT_EQ(parse_duration("24h")->to_sql_interval(), "24 hours");
    EXPECT_EQ(parse_duration("30d")->to_sql_interval(), "30 days");
    EXPECT_EQ(parse_duration("2w")->to_sql_interval(), "2 weeks");
    EXPECT_EQ(parse_duration("12m")->to_sql_interval(), "12 months");
    EXPECT_EQ(parse_duration("1y")->to_sql_interval(), "1 years");
}

TEST(Duration, RendersAsWritten) {
    EXPECT_EQ(parse_duration("365d")->to_string(), "365d");
}

TEST(Duration, ApproximateSecondsForTimers) {
    EXPECT_EQ(parse_duration("2d")->approximate_seconds(), 2 * 86400);
    EXPECT_EQ(parse_duration("1y")->approximate_seconds(), 365 * 86400);
}

TEST(Duration, RefusesWhatIsNotADuration) {
    for (const char* text : {"", "d", "30", "30x", "3.5d", "-1d", "d30", "30dd", "99999999999d"}) {
        EXPECT_FALSE(parse_duration(text)) << text;
    }
}

}  // namespace
}  // namespace tierd
