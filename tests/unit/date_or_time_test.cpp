// Tests of the days and times typed for --since / --until (core/date_or_time).
#include "core/date_or_time.hpp"

#include <gtest/gtest.h>

namespace tierd {
namespace {

TEST(DateOrTime, ADayIsADate) {
    const auto day = parse_date_or_time(" 2026-11-30 ");
    ASSERT_TRUE(day);
    EXPECT_EQ(day->text, "2026-11-30");
    EXPECT_TRUE(day->is_date);
    EXPECT_TRUE(parse_date_or_time("2028-02-29"));  // a leap year
}

TEST(DateOrTime, TimesWithSecondsFractionsAndZones) {
    for (const char* text :
         {"2026-11-30 14:05", "2026-11-30T14:05:09", "2026-11-30 14:05:09.25", "2026-11-30 14:05Z",
          "2026-11-30 14:05:09+01", "2026-11-30T00:00-05:30", "2026-11-30 23:59:59.999999+0100"}) {
        const auto time = parse_date_or_time(text);
        ASSERT_TRUE(time) << text;
        EXPECT_FALSE(time->is_date) << text;
        EXPECT_EQ(time->text, text);
    }
}

TEST(DateOrTime, RefusesWhatDoesNotExist) {
    for (const char* text :
         {"", "yesterday", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-5",
          "30.11.2026", "2026-11-30 24:00", "2026-11-30 12:60", "2026-11-30 12:00:61",
          "2026-11-30 12", "2026-11-30 12:00 CET", "2026-11-30 12:00+16", "2026-11-30x"}) {
        EXPECT_FALSE(parse_date_or_time(text)) << text;
    }
}

}  // namespace
}  // namespace tierd
