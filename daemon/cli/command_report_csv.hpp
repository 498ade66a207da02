// The report as CSV for a spreadsheet: one long table (section, classification, key,
// measure, value) that a pivot table turns into any of the page's tables.
#pragma once

#include <ostream>

#include "cli/command_report_figures.hpp"

namespace tierd {

// Sections and their keys and measures:
//   tiers   key: tier      measure: customers, revenue, outstanding, overdue, avg_days_late
//   trend   key: day       measure: tier (customers in it at the day's end)
//   moves   key: week's Monday   measure: upgrades, downgrades, other
//   matrix  key: tier at the period's start ("(none)": not yet classified)   measure: tier
//           at its end
//   movers  key: customer id     measure: name, code, from, to, steps, moves
void write_report_csv(std::ostream& out, const Report& report);

}  // namespace tierd
