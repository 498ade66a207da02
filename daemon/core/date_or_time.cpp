// Checking days and times typed on the command line.
#include "core/date_or_time.hpp"

#include <regex>

namespace tierd {

namespace {

bool leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::optional<DateOrTime> parse_date_or_time(const std::string& typed) {
    // day, then optionally: time of day (seconds and fraction optional), then a zone.
    static const std::regex pattern(
        R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)"
        R"((?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?)");
    const std::string text = trimmed(typed);
    std::smatch parts;
    if (!std::regex_match(text, parts, pattern)) return std::nullopt;
    const auto number = [&](size_t index) {
        return parts[index].matched ? std::stoi(parts[index]) : 0;
    };
    const int year = number(1), month = number(2), day = number(3);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        return std::nullopt;
    }
    if (number(4) > 23 || number(5) > 59 || number(6) > 59 || number(7) > 15 || number(8) > 59) {
        return std::nullopt;
    }
    return DateOrTime{text, !parts[4].matched};
}

}  // namespace tierd
