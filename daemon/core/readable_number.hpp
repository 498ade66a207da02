// Numbers as a finance lead reads them: thousands grouped with commas, at most two decimals
// ("1,250,000", "0.93", "-12.5"), and "no value" for NaN (a ratio with nothing to divide).
#pragma once

#include <string>

namespace tierd {

std::string readable_number(double value);

}  // namespace tierd
