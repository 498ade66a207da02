// What a person types for a point in time on the command line (--since, --until): a day,
// "2026-11-30", or a time, "2026-11-30 14:05[:09[.25]]" with an optional zone (Z, +01,
// +01:00), "T" or a space between day and time. Checked here, so that the database reads
// it as typed: a day that does not exist (2026-02-30) or an hour 24 is refused.
#pragma once

#include <optional>
#include <string>

namespace tierd {

struct DateOrTime {
    std::string text;      // as typed, without surrounding spaces
    bool is_date = false;  // a day, without a time of day
};

// The parsed text; none when it is neither a valid day nor a valid time.
std::optional<DateOrTime> parse_date_or_time(const std::string& text);

}  // namespace tierd
