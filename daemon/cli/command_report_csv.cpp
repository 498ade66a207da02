// Writing the report's figures as long-format CSV.
#include "cli/command_report_csv.hpp"

#include "cli/command_report_markup.hpp"
#include "cli/csv_cell.hpp"

namespace tierd {

namespace {

class CsvRows {
  public:
    CsvRows(std::ostream& out, const std::string& classification)
        : out_(out), classification_(csv_cell(classification)) {}

    void add(const char* section, const std::string& key, const std::string& measure,
             const std::string& value) const {
        out_ << section << ',' << classification_ << ',' << csv_cell(key) << ','
             << csv_cell(measure) << ',' << csv_cell(value) << '\n';
    }

  private:
    std::ostream& out_;
    std::string classification_;
};

}  // namespace

void write_report_csv(std::ostream& out, const Report& report) {
    out << "section,classification,key,measure,value\n";
    for (const auto& entry : report.classifications) {
        const CsvRows rows(out, entry.classification->name);
        for (const auto& tier : entry.tiers) {
            rows.add("tiers", tier.tier, "customers", std::to_string(tier.customers));
            rows.add("tiers", tier.tier, "revenue", plain_number(tier.revenue, 2));
            rows.add("tiers", tier.tier, "outstanding", plain_number(tier.outstanding, 2));
            rows.add("tiers", tier.tier, "overdue", plain_number(tier.overdue, 2));
            const auto late = tier.average_days_late();
            rows.add("tiers", tier.tier, "avg_days_late", late ? plain_number(*late, 1) : "");
        }
        for (size_t day = 0; day < entry.days.size(); ++day) {
            for (const auto& [tier, counts] : entry.trend) {
                rows.add("trend", entry.days[day], tier, std::to_string(counts[day]));
            }
        }
        for (const auto& week : entry.weeks) {
            rows.add("moves", week.period, "upgrades", std::to_string(week.upgrades));
            rows.add("moves", week.period, "downgrades", std::to_string(week.downgrades));
            rows.add("moves", week.period, "other", std::to_string(week.other));
        }
        for (const auto& [cell, count] : entry.matrix) {
            rows.add("matrix", cell.first, cell.second, std::to_string(count));
        }
        for (const auto& mover : entry.movers) {
            const std::string id = std::to_string(mover.customer.id);
            rows.add("movers", id, "name", mover.customer.name);
            rows.add("movers", id, "code", mover.customer.code);
            rows.add("movers", id, "from", mover.start_tier);
            rows.add("movers", id, "to", mover.end_tier);
            rows.add("movers", id, "steps", std::to_string(mover.steps));
            rows.add("movers", id, "moves", std::to_string(mover.moves));
        }
    }
}

}  // namespace tierd
