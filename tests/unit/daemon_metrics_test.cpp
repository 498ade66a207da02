// Tests of the daemon's counters and their Prometheus text exposition
// (pipeline/daemon_metrics): what a scrape reads after each kind of work, the histogram's
// cumulative buckets, label escaping, and the format's naming and HELP/TYPE rules.
#include "pipeline/daemon_metrics.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

namespace tierd {
namespace {

using std::chrono::duration;

// The samples of an exposition: "name{labels}" -> value as written.
std::map<std::string, std::string> samples_of(const std::string& text) {
    std::map<std::string, std::string> samples;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        samples[line.substr(0, space)] = line.substr(space + 1);
    }
    return samples;
}

TEST(DaemonMetrics, ABatchCountsItsEventsCustomersChangesAndAuditRows) {
    DaemonMetrics metrics;
    metrics.record_batch(
        BatchKind::queue, duration<double>(0.02), 7, 5,
        {{"value_tier", "upgrade"}, {"value_tier", "upgrade"}, {"credit_grade", "downgrade"}});
    metrics.record_batch(BatchKind::full_pass, duration<double>(0.3), 2, 500,
                         {{"value_tier", "initial"}});
    const auto samples = samples_of(metrics.render());
    EXPECT_EQ(samples.at("tierd_events_claimed_total{batch=\"queue\"}"), "7");
    EXPECT_EQ(samples.at("tierd_events_claimed_total{batch=\"full_pass\"}"), "2");
    EXPECT_EQ(samples.at("tierd_customers_evaluated_total{batch=\"queue\"}"), "5");
    EXPECT_EQ(samples.at("tierd_customers_evaluated_total{batch=\"full_pass\"}"), "500");
    EXPECT_EQ(
        samples.at("tierd_tier_changes_total{classification=\"value_tier\",direction=\"upgrade\"}"),
        "2");
    EXPECT_EQ(samples.at("tierd_tier_changes_total{classification=\"credit_grade\","
                         "direction=\"downgrade\"}"),
              "1");
    EXPECT_EQ(
        samples.at("tierd_tier_changes_total{classification=\"value_tier\",direction=\"initial\"}"),
        "1");
    EXPECT_EQ(samples.at("tierd_audit_rows_written_total"), "4");
}

TEST(DaemonMetrics, TheHistogramsBucketsAreCumulativeWithTheBoundInclusive) {
    DaemonMetrics metrics;
    for (const double seconds : {0.005, 0.006, 0.2, 60.0}) {
        metrics.record_batch(BatchKind::queue, duration<double>(seconds), 1, 1, {});
    }
    const auto samples = samples_of(metrics.render());
    auto bucket = [&](const std::string& le) {
        return samples.at("tierd_batch_duration_seconds_bucket{batch=\"queue\",le=\"" + le + "\"}");
    };
    EXPECT_EQ(bucket("0.005"), "1");  // le: less than or equal
    EXPECT_EQ(bucket("0.01"), "2");
    EXPECT_EQ(bucket("0.25"), "3");
    EXPECT_EQ(bucket("30"), "3");
    EXPECT_EQ(bucket("+Inf"), "4");  // 60 s: beyond the last bound, counted only here
    EXPECT_EQ(samples.at("tierd_batch_duration_seconds_count{batch=\"queue\"}"), "4");
    EXPECT_DOUBLE_EQ(std::stod(samples.at("tierd_batch_duration_seconds_sum{batch=\"queue\"}")),
                     60.211);
    EXPECT_EQ(samples.at("tierd_batch_duration_seconds_bucket{batch=\"full_pass\",le=\"+Inf\"}"),
              "0");
}

TEST(DaemonMetrics, TheQueueIsShownOnlyWhileItsSampleIsFresh) {
    DaemonMetrics metrics;
    EXPECT_EQ(samples_of(metrics.render()).count("tierd_queue_events"), 0U);
    metrics.set_queue(12, 3.5);
    auto samples = samples_of(metrics.render());
    EXPECT_EQ(samples.at("tierd_queue_events"), "12");
    EXPECT_EQ(samples.at("tierd_queue_oldest_event_age_seconds"), "3.5");
    metrics.set_queue(0, std::nullopt);
    EXPECT_EQ(samples_of(metrics.render()).at("tierd_queue_oldest_event_age_seconds"), "0");
    metrics.forget_queue();  // the connection was lost: no stale figure
    samples = samples_of(metrics.render());
    EXPECT_EQ(samples.count("tierd_queue_events"), 0U);
    EXPECT_EQ(samples.count("tierd_queue_oldest_event_age_seconds"), 0U);
}

TEST(DaemonMetrics, ConnectionYieldingPolicyAndFullPasses) {
    DaemonMetrics metrics;
    metrics.set_connected(true);
    metrics.count_reconnect();
    metrics.count_reconnect();
    metrics.set_erp_load(true, 3.25);
    metrics.set_policy("7", "3825a3a06de8");
    metrics.count_policy_load_failure();
    metrics.full_pass_started();
    auto samples = samples_of(metrics.render());
    EXPECT_EQ(samples.at("tierd_database_connected"), "1");
    EXPECT_EQ(samples.at("tierd_reconnects_total"), "2");
    EXPECT_EQ(samples.at("tierd_yielding"), "1");
    EXPECT_EQ(samples.at("tierd_erp_sessions_at_work"), "3.25");
    EXPECT_EQ(samples.at("tierd_policy_info{version=\"7\",sha256=\"3825a3a06de8\"}"), "1");
    EXPECT_EQ(samples.at("tierd_policy_load_failures_total"), "1");
    EXPECT_EQ(samples.at("tierd_full_pass_running"), "1");
    EXPECT_EQ(samples.count("tierd_full_pass_last_end_timestamp_seconds"), 0U);
    metrics.full_pass_abandoned();
    samples = samples_of(metrics.render());
    EXPECT_EQ(samples.at("tierd_full_pass_running"), "0");
    EXPECT_EQ(samples.at("tierd_full_passes_total"), "0");
    metrics.full_pass_started();
    metrics.full_pass_finished(duration<double>(2.5), 1796000000.25);
    samples = samples_of(metrics.render());
    EXPECT_EQ(samples.at("tierd_full_passes_total"), "1");
    EXPECT_EQ(samples.at("tierd_full_pass_last_end_timestamp_seconds"), "1796000000.250");
    EXPECT_EQ(samples.at("tierd_full_pass_last_duration_seconds"), "2.5");
    metrics.set_connected(false);
    EXPECT_EQ(samples_of(metrics.render()).at("tierd_database_connected"), "0");
}

TEST(DaemonMetrics, LabelValuesAreEscaped) {
    DaemonMetrics metrics;
    metrics.record_batch(BatchKind::queue, duration<double>(0.01), 1, 1,
                         {{"grade \"A\"\\B\nC", "upgrade"}});
    const std::string text = metrics.render();
    EXPECT_NE(text.find("classification=\"grade \\\"A\\\"\\\\B\\nC\""), std::string::npos) << text;
}

TEST(DaemonMetrics, EveryFamilyHasHelpAndTypeAndFollowsTheNamingRules) {
    DaemonMetrics metrics;
    metrics.set_queue(1, 1.0);
    metrics.full_pass_finished(duration<double>(1), 1.0);
    metrics.record_batch(BatchKind::queue, duration<double>(0.01), 1, 1, {{"v", "upgrade"}});
    std::istringstream lines(metrics.render());
    const std::regex help("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    const std::regex type("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");
    const std::regex sample("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*\\})? [-+0-9.eInf]+");
    std::string line, family, family_type;
    int families = 0;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_match(line, match, help)) {
            family = match[1];
            ASSERT_TRUE(std::getline(lines, line));
            ASSERT_TRUE(std::regex_match(line, match, type)) << line;
            EXPECT_EQ(match[1], family);
            family_type = match[2];
            ++families;
            EXPECT_EQ(family.rfind("tierd_", 0), 0U) << family;
            // Counters end in _total, and only counters do.
            const bool total = family.size() > 6 && family.substr(family.size() - 6) == "_total";
            EXPECT_EQ(total, family_type == "counter") << family;
            continue;
        }
        ASSERT_TRUE(std::regex_match(line, match, sample)) << line;
        const std::string name = match[1];
        if (family_type == "histogram") {
            EXPECT_TRUE(name == family + "_bucket" || name == family + "_sum" ||
                        name == family + "_count")
                << name;
        } else {
            EXPECT_EQ(name, family) << "a sample outside its HELP/TYPE: " << line;
        }
    }
    EXPECT_EQ(families, 17);
}

}  // namespace
}  // namespace tierd
