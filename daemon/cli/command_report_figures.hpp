// The figures of `tierctl report`, per classification, read in the caller's read-only
// transaction: the customers per tier now with what the plugin measures of them, the tier
// counts of every day of the period and the moves per week (from the audit log), the
// transition matrix of the period and its largest movers. Memory stays flat in the number
// of customers: metrics and per-customer transitions are read a chunk at a time through
// cursors, and only sums, counts and the top movers are kept.
#pragma once

#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "plugin/customer_names.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/policy.hpp"
#include "store/audit_repository.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

// What the report covers.
struct ReportRequest {
    std::string since;   // the period's first day, YYYY-MM-DD
    std::string until;   // its last day, included
    std::string today;   // the day the "now" figures are measured as of
    std::string window;  // of the windowed metrics (revenue, average days late): "365d"
    std::optional<std::string> classification;  // only this one
    size_t top = 10;                            // largest movers shown per classification
    size_t chunk = 5000;                        // customers read at a time
};

// The name a tier row has for customers the plugin measures but tierd never classified.
constexpr const char* kNotClassified = "(not classified)";

// One tier's customers now and the sums of their metrics.
struct TierFigures {
    std::string tier;
    long long customers = 0;
    double revenue = 0;
    double outstanding = 0;
    double overdue = 0;
    double days_late_sum = 0;       // over the customers with a value (a paid invoice)
    long long days_late_count = 0;  // how many have one

    // The mean of the customers' average days late; none when none has paid an invoice.
    std::optional<double> average_days_late() const;
};

// A customer whose tier at the end of the period differs from the one at its start.
struct ReportMover {
    CustomerName customer;
    std::string start_tier;
    std::string end_tier;
    int steps = 0;        // tiers moved: > 0 towards the best end (up), < 0 down
    long long moves = 0;  // tier changes recorded within the period
};

struct ClassificationReport {
    const Classification* classification = nullptr;
    std::vector<TierFigures> tiers;  // best first, then tiers the policy lacks, then unclassified
    std::vector<std::string> days;   // the period's days, in order
    std::vector<std::pair<std::string, std::vector<long long>>> trend;  // tier -> count per day
    std::vector<AuditPeriodMoves> weeks;  // moves per week (its Monday), every week of the period
    std::map<std::pair<std::string, std::string>, long long> matrix;  // (start, end) -> customers
    std::vector<std::string> matrix_tiers;  // the matrix's tiers in display order
    std::vector<ReportMover> movers;        // largest first
};

struct Report {
    ReportRequest request;
    std::string policy_version;
    std::string policy_file;
    long long customers = 0;                            // measured now
    std::vector<ClassificationReport> classifications;  // in the policy's order
};

// The day `days` after `date` (YYYY-MM-DD; `days` may be negative).
std::string add_days(const std::string& date, int days);

// The Mondays of the weeks that hold a day of the period from `since` to `until`.
std::vector<std::string> period_weeks(const std::string& since, const std::string& until);

// The tiers of `classification` from the best to the worst.
std::vector<std::string> tiers_best_first(const Classification& classification);

Report gather_report(pqxx::transaction_base& tx, const ErpPlugin& plugin, const SqlQueries& queries,
                     const Policy& policy, const ReportRequest& request);

}  // namespace tierd
