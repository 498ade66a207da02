// One cell of the CSV that tierctl prints (audit, metrics --all, simulate): quoted when it
// holds a comma, a quote or a line break, as RFC 4180 says.
#pragma once

#include <string>

namespace tierd {

std::string csv_cell(const std::string& text);

}  // namespace tierd
