// Gathering the report's figures: the metric stream joined with the stored tiers, the audit
// log's trend, weeks and transitions (sql/queries/report_*.sql, audit_summary.sql).
#include "cli/command_report_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <pqxx/pqxx>
#include <set>

#include "plugin/metric_stream.hpp"
#include "store/state_repository.hpp"

namespace tierd {

namespace {

const char* const kTransitionCursor = "tierd_report_transitions";
const char* const kNoTier = "(none)";

// Larger moves first, then more moves, then the lower id: a stable order for the page.
bool larger_mover(const ReportMover& a, const ReportMover& b) {
    if (std::abs(a.steps) != std::abs(b.steps)) return std::abs(a.steps) > std::abs(b.steps);
    if (a.moves != b.moves) return a.moves > b.moves;
    return a.customer.id < b.customer.id;
}

// The tiers of the classification best first, then the others `seen` holds, in their order.
std::vector<std::string> display_order(const Classification& classification,
                                       const std::vector<std::string>& seen) {
    std::vector<std::string> tiers = tiers_best_first(classification);
    for (const auto& tier : seen) {
        if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end()) tiers.push_back(tier);
    }
    return tiers;
}

ClassificationReport* report_of(Report& report, const std::string& classification) {
    for (auto& entry : report.classifications) {
        if (entry.classification->name == classification) return &entry;
    }
    return nullptr;
}

double value_or_zero(const MetricValues& values, const MetricKey& key) {
    const auto value = values.get(key);
    return value && !std::isnan(*value) ? *value : 0.0;
}

// Every measured customer's metrics added to its tier now, a chunk at a time.
void add_tiers_now(pqxx::transaction_base& tx, const ErpPlugin& plugin, const SqlQueries& queries,
                   const Policy& policy, Report& report) {
    const MetricKey revenue{"revenue", report.request.window};
    const MetricKey days_late{"avg_days_late", report.request.window};
    const MetricKey outstanding{"outstanding", ""};
    const MetricKey overdue{"overdue_amount", ""};
    std::set<MetricKey> keys;
    for (const auto& key : {revenue, days_late, outstanding, overdue}) {
        if (plugin.metrics().count(key.metric)) keys.insert(key);
    }
    const MetricRequest request{keys, report.request.today, policy.company.value_or(""), {}, {}};
    std::vector<std::map<std::string, TierFigures>> sums(report.classifications.size());
    const StateRepository states_of(queries);
    MetricStream stream(tx, plugin, request);
    for (auto chunk = stream.next(report.request.chunk); !chunk.empty();
         chunk = stream.next(report.request.chunk)) {
        report.customers += static_cast<long long>(chunk.size());
        std::vector<long long> ids;
        ids.reserve(chunk.size());
        for (const auto& entry : chunk) ids.push_back(entry.first);
        const CustomerStates states = states_of.load(tx, ids);
        for (const auto& [customer, values] : chunk) {
            for (size_t i = 0; i < report.classifications.size(); ++i) {
                const auto stored =
                    states.find({customer, report.classifications[i].classification->name});
                const std::string tier = stored != states.end() && stored->second.tier
                                             ? *stored->second.tier
                                             : kNotClassified;
                TierFigures& figures = sums[i][tier];
                ++figures.customers;
                figures.revenue += value_or_zero(values, revenue);
                figures.outstanding += value_or_zero(values, outstanding);
                figures.overdue += value_or_zero(values, overdue);
                const auto late = values.get(days_late);
                if (late && !std::isnan(*late)) {
                    figures.days_late_sum += *late;
                    ++figures.days_late_count;
                }
            }
        }
    }
    for (size_t i = 0; i < report.classifications.size(); ++i) {
        ClassificationReport& entry = report.classifications[i];
        std::vector<std::string> seen;
        for (const auto& [tier, figures] : sums[i]) {
            if (tier != kNotClassified) seen.push_back(tier);
        }
        std::vector<std::string> order = display_order(*entry.classification, seen);
        if (sums[i].count(kNotClassified)) order.push_back(kNotClassified);
        for (const auto& tier : order) {
            TierFigures figures = sums[i][tier];
            figures.tier = tier;
            entry.tiers.push_back(figures);
        }
    }
}

void add_trend(pqxx::transaction_base& tx, const SqlQueries& queries, Report& report) {
    const ReportRequest& request = report.request;
    std::map<std::string, std::map<std::string, std::vector<long long>>> series;
    std::map<std::string, std::vector<std::string>> days;
    for (const auto& row : tx.exec_params(queries.get("report_tier_trend"), request.since,
                                          request.until, request.classification)) {
        const auto classification = row["classification"].as<std::string>();
        const auto day = row["day"].as<std::string>();
        auto& classification_days = days[classification];
        if (classification_days.empty() || classification_days.back() != day) {
            classification_days.push_back(day);
        }
        series[classification][row["tier"].as<std::string>()].push_back(
            row["customers"].as<long long>());
    }
    for (auto& entry : report.classifications) {
        const std::string& name = entry.classification->name;
        entry.days = days[name];
        std::vector<std::string> seen;
        for (const auto& [tier, counts] : series[name]) seen.push_back(tier);
        for (const auto& tier : display_order(*entry.classification, seen)) {
            const auto found = series[name].find(tier);
            if (found != series[name].end()) entry.trend.emplace_back(tier, found->second);
        }
    }
}

// The moves per week as `tierctl audit summary --by week` counts them, with the weeks
// without moves as zeros, so that the chart's weeks are evenly spaced.
void add_weeks(pqxx::transaction_base& tx, const SqlQueries& queries, Report& report) {
    AuditFilter filter;
    filter.classification = report.request.classification;
    filter.since = report.request.since;
    filter.until_date = report.request.until;
    const auto weeks = period_weeks(report.request.since, report.request.until);
    for (auto& entry : report.classifications) {
        for (const auto& week : weeks) {
            entry.weeks.push_back({week, entry.classification->name, 0, 0, 0});
        }
    }
    for (auto& moves : AuditRepository(queries).summary(tx, filter, "week")) {
        auto* entry = report_of(report, moves.classification);
        if (!entry) continue;
        const auto at = std::find(weeks.begin(), weeks.end(), moves.period);
        if (at != weeks.end()) entry->weeks[static_cast<size_t>(at - weeks.begin())] = moves;
    }
}

// The matrix and the movers, from each customer's tiers at the period's ends, streamed.
void add_transitions(pqxx::transaction_base& tx, const ErpPlugin& plugin, const SqlQueries& queries,
                     Report& report) {
    const ReportRequest& request = report.request;
    tx.exec_params(std::string("DECLARE ") + kTransitionCursor + " NO SCROLL CURSOR FOR " +
                       queries.get("report_transitions"),
                   request.since, request.until, request.classification);
    std::vector<std::vector<ReportMover>> movers(report.classifications.size());
    const auto keep_top = [&](std::vector<ReportMover>& list) {
        const size_t keep = std::min(list.size(), request.top);
        std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep),
                          list.end(), larger_mover);
        list.resize(keep);
    };
    const std::string fetch =
        "FETCH " + std::to_string(request.chunk) + " FROM " + kTransitionCursor;
    for (auto rows = tx.exec(fetch); !rows.empty(); rows = tx.exec(fetch)) {
        for (const auto& row : rows) {
            const auto name = row["classification"].as<std::string>();
            ClassificationReport* entry = report_of(report, name);
            if (!entry) continue;  // a classification the policy no longer has
            const std::string start =
                row["start_tier"].is_null() ? kNoTier : row["start_tier"].as<std::string>();
            const auto end = row["end_tier"].as<std::string>();
            ++entry->matrix[{start, end}];
            const int from = entry->classification->standing_of(start);
            const int to = entry->classification->standing_of(end);
            if (from < 0 || to < 0 || from == to || request.top == 0) continue;
            auto& list = movers[static_cast<size_t>(entry - report.classifications.data())];
            ReportMover mover;
            mover.customer.id = row["customer_id"].as<long long>();
            mover.start_tier = start;
            mover.end_tier = end;
            mover.steps = from - to;
            mover.moves = row["moves"].as<long long>();
            list.push_back(std::move(mover));
            if (list.size() >= 2 * request.top + 64) keep_top(list);
        }
    }
    tx.exec(std::string("CLOSE ") + kTransitionCursor);
    for (size_t i = 0; i < report.classifications.size(); ++i) {
        ClassificationReport& entry = report.classifications[i];
        keep_top(movers[i]);
        std::vector<long long> ids;
        for (const auto& mover : movers[i]) ids.push_back(mover.customer.id);
        const auto names = CustomerNames::lookup(tx, plugin, ids);
        for (auto& mover : movers[i]) {
            if (const auto* found = names.find(mover.customer.id)) mover.customer = *found;
        }
        entry.movers = std::move(movers[i]);
        std::vector<std::string> seen;
        for (const auto& [cell, count] : entry.matrix) {
            if (cell.first != kNoTier) seen.push_back(cell.first);
            seen.push_back(cell.second);
        }
        entry.matrix_tiers = display_order(*entry.classification, seen);
        if (std::any_of(entry.matrix.begin(), entry.matrix.end(),
                        [](const auto& cell) { return cell.first.first == kNoTier; })) {
            entry.matrix_tiers.push_back(kNoTier);
        }
    }
}

}  // namespace

namespace {
// Noon of the day (UTC), so that whole days of seconds never cross a date line.
std::time_t noon_of(const std::string& date) {
    std::tm parts{};
    std::sscanf(date.c_str(), "%d-%d-%d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday);
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    parts.tm_hour = 12;
    return timegm(&parts);
}

std::string date_of(std::time_t noon) {
    std::tm parts{};
    gmtime_r(&noon, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

constexpr std::time_t kDay = 24 * 60 * 60;
}  // namespace

std::string add_days(const std::string& date, int days) {
    return date_of(noon_of(date) + days * kDay);
}

std::vector<std::string> period_weeks(const std::string& since, const std::string& until) {
    std::tm parts{};
    const std::time_t first = noon_of(since);
    gmtime_r(&first, &parts);
    std::vector<std::string> weeks;
    for (std::time_t monday = first - ((parts.tm_wday + 6) % 7) * kDay; monday <= noon_of(until);
         monday += 7 * kDay) {
        weeks.push_back(date_of(monday));
    }
    return weeks;
}

std::optional<double> TierFigures::average_days_late() const {
    if (days_late_count == 0) return std::nullopt;
    return days_late_sum / static_cast<double>(days_late_count);
}

std::vector<std::string> tiers_best_first(const Classification& classification) {
    std::vector<std::string> tiers;
    for (const auto& tier : classification.tiers) tiers.push_back(tier.name);
    std::sort(tiers.begin(), tiers.end(), [&](const std::string& a, const std::string& b) {
        return classification.standing_of(a) < classification.standing_of(b);
    });
    return tiers;
}

Report gather_report(pqxx::transaction_base& tx, const ErpPlugin& plugin, const SqlQueries& queries,
                     const Policy& policy, const ReportRequest& request) {
    Report report;
    report.request = request;
    report.policy_version = policy.version;
    report.policy_file = policy.file;
    for (const auto& classification : policy.classifications) {
        if (request.classification && classification.name != *request.classification) continue;
        ClassificationReport entry;
        entry.classification = &classification;
        report.classifications.push_back(std::move(entry));
    }
    add_tiers_now(tx, plugin, queries, policy, report);
    add_trend(tx, queries, report);
    add_weeks(tx, queries, report);
    add_transitions(tx, plugin, queries, report);
    return report;
}

}  // namespace tierd
