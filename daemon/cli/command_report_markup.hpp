// Text for the report's HTML page: every text from the database or the policy escaped, and
// numbers written the one way the page shows them (grouped thousands, fixed decimals).
#pragma once

#include <string>

namespace tierd {

// `text` safe inside an element or a quoted attribute: & < > " ' as character references.
std::string escape_html(const std::string& text);

// 1234567.891 -> "1,234,567.89" with `decimals` digits after the point.
std::string grouped_number(double value, int decimals);

// A number as an attribute carries it for machines: plain, with `decimals` digits.
std::string plain_number(double value, int decimals);

}  // namespace tierd
