// Escaping and number text for the report's page.
#include "cli/command_report_markup.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tierd {

std::string escape_html(const std::string& text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string plain_number(double value, int decimals) {
    // -0.00 reads as a sign error on a printed page.
    const std::string text = fmt::format("{:.{}f}", value, decimals);
    return std::stod(text) == 0.0 ? fmt::format("{:.{}f}", 0.0, decimals) : text;
}

std::string grouped_number(double value, int decimals) {
    const std::string plain = plain_number(value, decimals);
    const bool negative = plain[0] == '-';
    const size_t digits_start = negative ? 1 : 0;
    const size_t point = plain.find('.');
    const size_t digits_end = point == std::string::npos ? plain.size() : point;
    std::string grouped;
    for (size_t i = digits_start; i < digits_end; ++i) {
        if (i > digits_start && (digits_end - i) % 3 == 0) grouped += ',';
        grouped += plain[i];
    }
    return (negative ? "-" : "") + grouped + plain.substr(digits_end);
}

}  // namespace tierd
