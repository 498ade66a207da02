// Parsing and rendering of policy durations.
#include "policy/duration.hpp"

#include <fmt/format.h>

#include <cctype>

namespace tierd {

namespace {
struct UnitSpelling {
    char letter;
    Duration::Unit unit;
    const char* sql_name;
    long long seconds;
};
constexpr UnitSpelling kUnits[] = {
    {'s', Duration::Unit::seconds, "seconds", 1},
    {'h', Duration::Unit::hours, "hours", 3600},
    {'d', Duration::Unit::days, "days", 86400},
    {'w', Duration::Unit::weeks, "weeks", 7 * 86400},
    {'m', Duration::Unit::months, "months", 30 * 86400},
    {'y', Duration::Unit::years, "years", 365 * 86400},
};

const UnitSpelling& spelling_of(Duration::Unit unit) {
    for (const auto& spelling : kUnits) {
        if (spelling.unit == unit) return spelling;
    }
    return kUnits[2];
}
}  // namespace

std::string Duration::to_string() const {
    return fmt::format("{}{}", count, spelling_of(unit).letter);
}

std::string Duration::to_sql_interval() const {
    return fmt::format("{} {}", count, spelling_of(unit).sql_name);
}

long long Duration::approximate_seconds() const {
    return count * spelling_of(unit).seconds;
}

std::optional<Duration> parse_duration(std::string_view text) {
    if (text.size() < 2 || text.size() > 10) return std::nullopt;
    const char letter = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    for (const auto& spelling : kUnits) {
        if (spelling.letter == letter) {
            return Duration{std::stol(std::string(digits)), spelling.unit};
        }
    }
    return std::nullopt;
}

}  // namespace tierd
