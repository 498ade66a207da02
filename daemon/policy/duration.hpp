// Durations as a finance lead writes them: 24h, 30d, 2w, 12m, 1y (and 30s, for schedules).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tierd {

struct Duration {
    enum class Unit { seconds, hours, days, weeks, months, years };
    long count = 0;
    Unit unit = Unit::days;

    // The text a person wrote, normalised ("30d"); also the key of a windowed metric.
    std::string to_string() const;
    // The same span as a PostgreSQL interval literal ("30 days"): calendar-exact windows.
    std::string to_sql_interval() const;
    // Approximate length in seconds (months as 30 days, years as 365 days), for timers.
    long long approximate_seconds() const;

    bool operator==(const Duration& other) const {
        return count == other.count && unit == other.unit;
    }
};

// Parses "<digits><unit>" with unit one of s h d w m y; nullopt if the text is not a duration.
std::optional<Duration> parse_duration(std::string_view text);

}  // namespace tierd
