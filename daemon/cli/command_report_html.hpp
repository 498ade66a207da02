// The report as one self-contained HTML page: inline CSS with a print stylesheet, inline
// SVG charts, no script and nothing fetched. Every figure sits in an element with data-
// attributes (classification, tier, measure, value) so that a program can read the page.
#pragma once

#include <ostream>
#include <string>

#include "cli/command_report_figures.hpp"

namespace tierd {

// `generated` says by what and when, for the page's footer.
void write_report_html(std::ostream& out, const Report& report, const std::string& generated);

}  // namespace tierd
