// The report's charts as inline SVG: drawn here, with no script and nothing fetched, so the
// page shows them offline and prints them. Each series has a colour and, for grey print, a
// dash pattern or hatching of its own; every label is escaped.
#pragma once

#include <string>
#include <vector>

namespace tierd {

struct ChartSeries {
    std::string name;
    std::vector<double> values;  // one per label
};

// Bars per label, one bar of each series side by side; `decimals` of the axis' numbers.
std::string svg_bar_chart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series, int decimals);

// One line per series over `labels` (days), with a legend.
std::string svg_line_chart(const std::string& title, const std::vector<std::string>& labels,
                           const std::vector<ChartSeries>& series);

// Upgrades above the axis and downgrades below it, one pair per label (week).
std::string svg_moves_chart(const std::string& title, const std::vector<std::string>& labels,
                            const std::vector<double>& upgrades,
                            const std::vector<double>& downgrades);

}  // namespace tierd
