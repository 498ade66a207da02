// tierctl report: the report by class for a period, as one self-contained HTML page (or
// CSV): customers, revenue and receivables per tier now, the trend of the tier counts, the
// moves per week, the transition matrix and the largest movers, all read in one read-only
// transaction.
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <sstream>

#include "cli/cli_support.hpp"
#include "cli/command_report_csv.hpp"
#include "cli/command_report_figures.hpp"
#include "cli/command_report_html.hpp"
#include "cli/daemon_config_defaults.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/comma_list.hpp"
#include "core/date_or_time.hpp"
#include "core/errors.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "policy/duration.hpp"
#include "policy/policy_loader.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

const char* const kUsage =
    "tierctl report [--since DAY] [--until DAY] [--classification NAME] [--format html|csv] "
    "[--output FILE] --policy FILE --db URI";
constexpr int kDefaultDays = 90;

std::string day_option(const po::variables_map& values, const char* name,
                       const std::string& fallback) {
    if (!values.count(name)) return fallback;
    const std::string text = values[name].as<std::string>();
    const auto parsed = parse_date_or_time(text);
    if (!parsed || !parsed->is_date) {
        throw UsageError("'" + text + "' is not a day for --" + name, "write it as YYYY-MM-DD");
    }
    return parsed->text;
}

std::string window_option(const po::variables_map& values) {
    const std::string text = values["window"].as<std::string>();
    const auto window = parse_duration(text);
    if (!window || window->count <= 0 || window->unit == Duration::Unit::hours ||
        window->unit == Duration::Unit::seconds) {
        throw UsageError("--window '" + text + "' is not a window", "write e.g. 90d, 12m, 1y");
    }
    return window->to_string();
}

std::string local_time(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M %Z", &local);
    return text;
}

}  // namespace

int command_report(const Arguments& args) {
    po::options_description options("tierctl report");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "policy",
        po::value<std::string>()->default_value(daemon_config_default("policy", "TIERD_POLICY")),
        "the policy in force (default $TIERD_POLICY or the daemon's config): its "
        "classifications, their tiers and which end is best")(
        "since", po::value<std::string>(),
        "the period's first day (default: 89 days before --until)")(
        "until", po::value<std::string>(), "the period's last day, included (default: today)")(
        "classification", po::value<std::string>(), "only this classification")(
        "format", po::value<std::string>()->default_value("html"),
        "html (a page with charts) or csv (section,classification,key,measure,value)")(
        "output,o", po::value<std::string>(), "write to this file (default: standard output)")(
        "top", po::value<size_t>()->default_value(10), "largest movers shown per classification")(
        "window", po::value<std::string>()->default_value("365d"),
        "window of revenue and average days late")(
        "chunk", po::value<size_t>()->default_value(5000), "customers read at a time");
    const auto values = parse_options(args, options, {}, "tierctl report");
    if (values.count("help")) {
        std::cout << "usage: " << kUsage << "\n"
                  << "example: tierctl report --since 2026-07-01 --until 2026-09-30 --output "
                     "report.html --policy /etc/tierd/policy.yaml --db "
                     "postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const std::string format = values["format"].as<std::string>();
    if (format != "html" && format != "csv") {
        throw UsageError("'" + format + "' is not allowed for the --format option",
                         "allowed values are html, csv");
    }
    if (values["chunk"].as<size_t>() == 0) throw UsageError("--chunk must be at least 1");
    const auto now = std::chrono::system_clock::now();
    ReportRequest request;
    request.today = local_date(now);
    request.until = day_option(values, "until", request.today);
    request.since = day_option(values, "since", add_days(request.until, 1 - kDefaultDays));
    if (request.since > request.until) {
        throw UsageError(
            "the period starts (" + request.since + ") after it ends (" + request.until + ")",
            "give --since a day before --until");
    }
    request.window = window_option(values);
    request.top = values["top"].as<size_t>();
    request.chunk = values["chunk"].as<size_t>();
    const std::string policy_path = values["policy"].as<std::string>();
    if (policy_path.empty()) {
        throw UsageError("no policy given", "pass --policy FILE or set TIERD_POLICY");
    }
    const Policy policy = load_policy_file(policy_path);
    if (values.count("classification")) {
        request.classification = values["classification"].as<std::string>();
        if (!policy.find_classification(*request.classification)) {
            std::vector<std::string> names;
            for (const auto& classification : policy.classifications) {
                names.push_back(classification.name);
            }
            throw UsageError("the policy has no classification '" + *request.classification + "'",
                             "its classifications: " + comma_list(names));
        }
    }

    const InstalledDatabase database(values["db"].as<std::string>(), "read the report's figures");
    database.plugin->check_policy(policy);
    // One snapshot for the metrics, the states and the audit log, and nothing written.
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(
        *database.connection, "tierctl_report");
    database.plugin->check_database(tx, &policy);
    const Report report = gather_report(tx, *database.plugin, database.queries, policy, request);
    tx.commit();

    std::ostringstream text;
    if (format == "csv") {
        write_report_csv(text, report);
    } else {
        write_report_html(text, report, version_line("tierctl") + ", " + local_time(now));
    }
    if (!values.count("output")) {
        std::cout << text.str();
        return 0;
    }
    const std::string path = values["output"].as<std::string>();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text.str();
    file.close();
    if (!file) throw TierdError("cannot write the report to " + path);
    std::cout << "report of " << request.since << " to " << request.until << " written to " << path
              << "\n";
    return 0;
}

}  // namespace tierd
