// The page: a header with the period, then one section per classification with its tiers
// now, the trend of the tier counts, the moves per week, the transition matrix and movers.
#include "cli/command_report_html.hpp"

#include <fmt/format.h>

#include <cmath>

#include "cli/command_report_charts.hpp"
#include "cli/command_report_markup.hpp"

namespace tierd {

namespace {

const char* const kStyle = R"(
:root { color-scheme: light; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC",
       "WenQuanYi Micro Hei", sans-serif; color: #1d1d1f; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1b6ca8; padding-bottom: 0.2rem;
     margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 0.4rem; }
p.meta, p.note { color: #555; margin: 0.2rem 0; }
nav ul { padding-left: 1.2rem; }
table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #c8c8cc; padding: 0.25rem 0.6rem; }
thead th { background: #eef2f6; font-weight: 600; }
td { text-align: right; white-space: nowrap; }
td.text, th.text { text-align: left; white-space: normal; }
tfoot th, tfoot td { font-weight: 600; background: #f7f7f9; }
td.zero { color: #999; }
td.up { color: #2d7a47; } td.down { color: #a83226; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
svg.chart { width: 100%; max-width: 42rem; height: auto; background: #fff; }
svg .chart-title { font-size: 14px; font-weight: 600; fill: #1d1d1f; }
svg .axis, svg .legend { font-size: 11px; fill: #444; }
svg .grid { stroke: #e2e2e6; stroke-width: 1; }
svg .zero { stroke: #444; stroke-width: 1; }
footer { margin-top: 3rem; color: #777; font-size: 0.85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  nav { display: none; }
  section.classification + section.classification { break-before: page; }
  table, svg.chart { break-inside: avoid; }
  svg.chart { max-width: 100%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 14mm; }
}
)";

std::string measure_cell(const char* measure, double value, int decimals) {
    return fmt::format("<td data-measure=\"{}\" data-value=\"{}\"{}>{}</td>", measure,
                       plain_number(value, decimals), value == 0 ? " class=\"zero\"" : "",
                       grouped_number(value, decimals));
}

std::string days_late_cell(const std::optional<double>& days) {
    if (!days) return "<td data-measure=\"avg_days_late\" data-value=\"\" class=\"zero\">–</td>";
    return measure_cell("avg_days_late", *days, 1);
}

std::string tier_label(const std::string& tier) {
    return tier == "(none)" ? std::string(kNotClassified) : tier;
}

void write_tiers(std::ostream& out, const Report& report, const ClassificationReport& entry) {
    const std::string& window = report.request.window;
    out << "<h3>Customers per tier now</h3>\n"
        << fmt::format(
               "<p class=\"note\">As of {}: revenue and average days late over the {} "
               "before; outstanding and overdue receivables today. Average days late is "
               "the mean of the customers' own averages, over those with a paid "
               "invoice.</p>\n",
               escape_html(report.request.today), escape_html(window))
        << "<table class=\"tiers\"><thead><tr><th class=\"text\">tier</th><th>customers</th>"
        << fmt::format(
               "<th>revenue ({})</th><th>outstanding</th><th>overdue</th>"
               "<th>average days late ({})</th></tr></thead><tbody>\n",
               escape_html(window), escape_html(window));
    TierFigures total;
    for (const auto& tier : entry.tiers) {
        out << fmt::format("<tr data-tier=\"{}\"><th class=\"text\">{}</th>",
                           escape_html(tier.tier), escape_html(tier.tier))
            << measure_cell("customers", static_cast<double>(tier.customers), 0)
            << measure_cell("revenue", tier.revenue, 2)
            << measure_cell("outstanding", tier.outstanding, 2)
            << measure_cell("overdue", tier.overdue, 2) << days_late_cell(tier.average_days_late())
            << "</tr>\n";
        total.customers += tier.customers;
        total.revenue += tier.revenue;
        total.outstanding += tier.outstanding;
        total.overdue += tier.overdue;
        total.days_late_sum += tier.days_late_sum;
        total.days_late_count += tier.days_late_count;
    }
    out << "</tbody><tfoot><tr data-tier=\"\" class=\"total\"><th class=\"text\">all</th>"
        << measure_cell("customers", static_cast<double>(total.customers), 0)
        << measure_cell("revenue", total.revenue, 2)
        << measure_cell("outstanding", total.outstanding, 2)
        << measure_cell("overdue", total.overdue, 2) << days_late_cell(total.average_days_late())
        << "</tr></tfoot></table>\n";

    std::vector<std::string> labels;
    ChartSeries customers{"customers", {}}, outstanding{"outstanding", {}}, overdue{"overdue", {}};
    for (const auto& tier : entry.tiers) {
        labels.push_back(tier.tier);
        customers.values.push_back(static_cast<double>(tier.customers));
        outstanding.values.push_back(tier.outstanding);
        overdue.values.push_back(tier.overdue);
    }
    out << "<div class=\"charts\">" << svg_bar_chart("Customers per tier", labels, {customers}, 0)
        << svg_bar_chart("Receivables per tier: outstanding and overdue", labels,
                         {outstanding, overdue}, 0)
        << "</div>\n";
}

void write_trend(std::ostream& out, const Report& report, const ClassificationReport& entry) {
    out << "<h3>Customers per tier, day by day</h3>\n";
    if (entry.trend.empty()) {
        out << fmt::format("<p class=\"note\">No tier recorded in the audit log up to {}.</p>\n",
                           escape_html(report.request.until));
        return;
    }
    std::vector<ChartSeries> series;
    for (const auto& [tier, counts] : entry.trend) {
        series.push_back({tier, std::vector<double>(counts.begin(), counts.end())});
    }
    out << svg_line_chart("Customers per tier at the end of each day", entry.days, series) << "\n";
    out << "<p class=\"note\">Rebuilt from the audit log: each day counts the tier of every "
           "customer's last recorded change up to that day's end.</p>\n"
        << fmt::format(
               "<table class=\"trend\" data-first-day=\"{}\" data-last-day=\"{}\"><thead>"
               "<tr><th class=\"text\">tier</th><th>{}</th><th>{}</th><th>change</th>"
               "</tr></thead><tbody>\n",
               escape_html(entry.days.front()), escape_html(entry.days.back()),
               escape_html(entry.days.front()), escape_html(entry.days.back()));
    for (const auto& [tier, counts] : entry.trend) {
        std::string daily;
        for (const long long count : counts)
            daily += (daily.empty() ? "" : " ") + std::to_string(count);
        const long long change = counts.back() - counts.front();
        out << fmt::format("<tr data-tier=\"{}\" data-daily=\"{}\"><th class=\"text\">{}</th>",
                           escape_html(tier), daily, escape_html(tier))
            << measure_cell("first", static_cast<double>(counts.front()), 0)
            << measure_cell("last", static_cast<double>(counts.back()), 0)
            << fmt::format("<td data-measure=\"change\" data-value=\"{}\">{}{}</td></tr>\n", change,
                           change > 0 ? "+" : "", change)
            << "";
    }
    out << "</tbody></table>\n";
}

void write_weeks(std::ostream& out, const ClassificationReport& entry) {
    out << "<h3>Upgrades and downgrades per week</h3>\n";
    std::vector<std::string> labels;
    std::vector<double> upgrades, downgrades;
    for (const auto& week : entry.weeks) {
        labels.push_back(week.period.substr(5));
        upgrades.push_back(static_cast<double>(week.upgrades));
        downgrades.push_back(static_cast<double>(week.downgrades));
    }
    out << svg_moves_chart("Moves per week (week of Monday, MM-DD)", labels, upgrades, downgrades)
        << "\n<p class=\"note\">An upgrade is a move to a better tier, in this classification's "
           "sense of better; \"other\" counts first classifications and moves from a tier the "
           "policy no longer has.</p>\n"
        << "<table class=\"weeks\"><thead><tr><th class=\"text\">week of</th><th>upgrades</th>"
           "<th>downgrades</th><th>other</th></tr></thead><tbody>\n";
    for (const auto& week : entry.weeks) {
        out << fmt::format("<tr data-week=\"{}\"><th class=\"text\">{}</th>",
                           escape_html(week.period), escape_html(week.period))
            << measure_cell("upgrades", static_cast<double>(week.upgrades), 0)
            << measure_cell("downgrades", static_cast<double>(week.downgrades), 0)
            << measure_cell("other", static_cast<double>(week.other), 0) << "</tr>\n";
    }
    out << "</tbody></table>\n";
}

void write_matrix(std::ostream& out, const Report& report, const ClassificationReport& entry) {
    out << "<h3>Transition matrix of the period</h3>\n";
    if (entry.matrix.empty()) {
        out << "<p class=\"note\">No customer in the audit log up to the period's end.</p>\n";
        return;
    }
    out << fmt::format(
               "<p class=\"note\">Customers by their tier before {} (rows) and at the "
               "end of {} (columns).</p>\n",
               escape_html(report.request.since), escape_html(report.request.until))
        << "<table class=\"matrix\"><thead><tr><th class=\"text\">from \\ to</th>";
    std::vector<std::string> columns;
    for (const auto& tier : entry.matrix_tiers) {
        if (tier == "(none)") continue;
        columns.push_back(tier);
        out << "<th>" << escape_html(tier) << "</th>";
    }
    out << "</tr></thead><tbody>\n";
    for (const auto& row : entry.matrix_tiers) {
        out << fmt::format("<tr data-from=\"{}\"><th class=\"text\">{}</th>", escape_html(row),
                           escape_html(tier_label(row)));
        for (const auto& column : columns) {
            const auto cell = entry.matrix.find({row, column});
            const long long count = cell == entry.matrix.end() ? 0 : cell->second;
            out << fmt::format(
                "<td data-to=\"{}\" data-value=\"{}\"{}>{}</td>", escape_html(column), count,
                count == 0 ? " class=\"zero\"" : (row != column ? " class=\"moved\"" : ""),
                grouped_number(static_cast<double>(count), 0));
        }
        out << "</tr>\n";
    }
    out << "</tbody></table>\n";
}

void write_movers(std::ostream& out, const ClassificationReport& entry) {
    out << "<h3>Largest movers</h3>\n";
    if (entry.movers.empty()) {
        out << "<p class=\"note\">No customer ended the period in another tier than it began "
               "it in.</p>\n";
        return;
    }
    out << "<p class=\"note\">The customers whose tier moved the most tiers between the "
           "period's start and end, then those that moved most often.</p>\n"
        << "<table class=\"movers\"><thead><tr><th class=\"text\">customer</th>"
           "<th class=\"text\">code</th><th>id</th><th class=\"text\">from</th>"
           "<th class=\"text\">to</th><th>tiers moved</th><th>moves in the period</th>"
           "</tr></thead><tbody>\n";
    for (const auto& mover : entry.movers) {
        const bool up = mover.steps > 0;
        out << fmt::format(
                   "<tr data-customer-id=\"{}\"><td class=\"text\">{}</td>"
                   "<td class=\"text\">{}</td><td>{}</td><td class=\"text\">{}</td>"
                   "<td class=\"text\">{}</td>"
                   "<td data-measure=\"steps\" data-value=\"{}\" class=\"{}\">{} {}</td>",
                   mover.customer.id, escape_html(mover.customer.name),
                   escape_html(mover.customer.code), mover.customer.id,
                   escape_html(mover.start_tier), escape_html(mover.end_tier), mover.steps,
                   up ? "up" : "down", up ? "▲ up" : "▼ down", std::abs(mover.steps))
            << measure_cell("moves", static_cast<double>(mover.moves), 0) << "</tr>\n";
    }
    out << "</tbody></table>\n";
}

}  // namespace

void write_report_html(std::ostream& out, const Report& report, const std::string& generated) {
    const ReportRequest& request = report.request;
    const std::string period = request.since + " to " + request.until;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>Customers by class, " << escape_html(period) << "</title>\n"
        << "<style>" << kStyle << "</style></head>\n<body>\n<header>\n"
        << "<h1>Customers by class</h1>\n"
        << fmt::format(
               "<p class=\"meta\" id=\"period\" data-since=\"{}\" data-until=\"{}\" "
               "data-today=\"{}\">Period {}. Customers now, as of {}: <span "
               "id=\"customers\" data-value=\"{}\">{}</span> measured.</p>\n",
               escape_html(request.since), escape_html(request.until), escape_html(request.today),
               escape_html(period), escape_html(request.today), report.customers,
               grouped_number(static_cast<double>(report.customers), 0))
        << fmt::format(
               "<p class=\"meta\" id=\"policy\" data-version=\"{}\">Policy version {} "
               "({}).</p>\n</header>\n",
               escape_html(report.policy_version), escape_html(report.policy_version),
               escape_html(report.policy_file));
    out << "<nav><ul>\n";
    for (size_t i = 0; i < report.classifications.size(); ++i) {
        out << fmt::format("<li><a href=\"#classification-{}\">{}</a></li>\n", i,
                           escape_html(report.classifications[i].classification->name));
    }
    out << "</ul></nav>\n";
    for (size_t i = 0; i < report.classifications.size(); ++i) {
        const ClassificationReport& entry = report.classifications[i];
        const Classification& classification = *entry.classification;
        std::string tiers;
        for (const auto& tier : tiers_best_first(classification)) {
            tiers += (tiers.empty() ? "" : ", ") + tier;
        }
        out << fmt::format(
            "<section class=\"classification\" id=\"classification-{}\" "
            "data-classification=\"{}\">\n<h2>{}</h2>\n"
            "<p class=\"meta\">Tiers from the best: {}.</p>\n",
            i, escape_html(classification.name), escape_html(classification.name),
            escape_html(tiers));
        write_tiers(out, report, entry);
        write_trend(out, report, entry);
        write_weeks(out, entry);
        write_matrix(out, report, entry);
        write_movers(out, entry);
        out << "</section>\n";
    }
    out << "<footer>" << escape_html(generated) << "</footer>\n</body></html>\n";
}

}  // namespace tierd
