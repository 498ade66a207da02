// Grouping digits by three and trimming trailing zeros.
#include "core/readable_number.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tierd {

std::string readable_number(double value) {
    if (std::isnan(value)) return "no value";
    if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
    std::string text = fmt::format("{:.2f}", std::fabs(value));
    // Drop a fraction of zeros ("12.50" -> "12.5", "3.00" -> "3").
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    const size_t point = text.find('.');
    const size_t integer_digits = point == std::string::npos ? text.size() : point;
    std::string grouped;
    for (size_t i = 0; i < integer_digits; ++i) {
        if (i > 0 && (integer_digits - i) % 3 == 0) grouped += ',';
        grouped += text[i];
    }
    grouped += text.substr(integer_digits);
    const bool negative = value < 0 && grouped != "0";
    return negative ? "-" + grouped : grouped;
}

}  // namespace tierd
