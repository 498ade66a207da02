// tierd: the daemon. Loads the policy, connects to the ERP database, and keeps every
// customer's tiers right until SIGTERM. `--check` validates and exits (for ExecStartPre).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <pqxx/transaction>
#include <thread>

#include "cli/cli_support.hpp"
#include "cli/layered_options.hpp"
#include "core/clock.hpp"
#include "core/share_dir.hpp"
#include "pipeline/daemon_loop.hpp"
#include "plugin/installed_plugin.hpp"
#include "policy/policy_loader.hpp"
#include "store/connection.hpp"
#include "store/schema_installer.hpp"

namespace po = boost::program_options;
using namespace tierd;

namespace {

std::string default_actor() {
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    return "tierd@" + std::string(host) + ":" + std::to_string(getpid());
}

// The ERP counts as busy from as many sessions at work as the database server has cores (more
// queue for CPU), taken to be this machine's: tierd runs beside the database.
double default_busy_sessions() {
    return std::max(1U, std::thread::hardware_concurrency());
}

int run_daemon(const std::vector<std::string>& args) {
    const DaemonSettings defaults;
    // Every option of `options` is also a key of the config file and a TIERD_<KEY> variable.
    po::options_description options("tierd options (also keys of the config file)");
    options.add_options()("db", po::value<std::string>()->default_value(""),
                          "ERP database: a libpq URI or connection string, e.g. service=erp")(
        "policy", po::value<std::string>(), "policy file (YAML)")(
        "batch-size", po::value<size_t>()->default_value(defaults.batch_size),
        "customers per transaction")(
        "poll-interval-ms", po::value<long>()->default_value(defaults.poll_interval.count()),
        "fallback poll period: the longest an event waits if a wake-up is missed")(
        "gather-ms", po::value<long>()->default_value(defaults.gather_delay.count()),
        "under a stream of events, how long to let them gather between batches")(
        "workers", po::value<size_t>()->default_value(defaults.workers),
        "connections evaluating batches at once while events pile up (1: only the daemon's own)")(
        "erp-busy-sessions", po::value<double>()->default_value(default_busy_sessions()),
        "ERP sessions at work (in a statement or a transaction), on average, from which tierd "
        "yields to the ERP (default: this machine's cores; give the database server's when "
        "tierd runs elsewhere; 0: never)")(
        "busy-share", po::value<double>()->default_value(defaults.busy_share),
        "while the ERP is busy, the share of the time tierd works (0.02: a batch, then 49 "
        "times as long a rest)")(
        "max-lag-s",
        po::value<long>()->default_value(
            std::chrono::duration_cast<std::chrono::seconds>(defaults.max_lag).count()),
        "while yielding, the longest an event waits before tierd catches up regardless")(
        "pass-chunk", po::value<size_t>()->default_value(defaults.full_pass_chunk),
        "customers the full re-evaluation reads at a time (the daemon holds two chunks)")(
        "metrics-listen",
        po::value<std::string>()->default_value(
            defaults.metrics_listen ? defaults.metrics_listen->to_string() : "off"),
        "ADDRESS:PORT serving GET /healthz and /metrics (Prometheus); off: none")(
        "log-level", po::value<std::string>()->default_value("info"),
        "trace, debug, info, warn, error, off")(
        "log-format", po::value<std::string>()->default_value("text"),
        "text (key=value) or json, one line per message on stderr");
    po::options_description commands("command-line only");
    commands.add_options()("help,h", "show this help")("version", "show the version")(
        "config", po::value<std::string>(),
        "configuration file (default $TIERD_CONFIG, else /etc/tierd/tierd.conf, which "
        "may be missing)")(
        "check", "validate the config and policy (and, with a database, the database), exit")(
        "print-config", "print the effective configuration and where each value came from");
    po::options_description all;
    all.add(commands).add(options);
    const auto config = LayeredOptions::load(options, all, args, std::getenv);
    const auto& values = config.values();
    if (values.count("help")) {
        std::cout << "usage: tierd [--config FILE] [--policy FILE] [--db URI] [options]\n\n"
                  << "Each option may also be set in the config file (key = value) or as "
                     "TIERD_<KEY> in the environment\n(e.g. TIERD_DB, TIERD_BATCH_SIZE); the "
                     "command line wins over the environment, which wins\nover the file.\n\n"
                  << commands << "\n"
                  << options << "\n";
        return 0;
    }
    if (values.count("version")) {
        std::cout << version_line("tierd") << "\n";
        return 0;
    }
    const auto level = values["log-level"].as<std::string>();
    if (spdlog::level::from_str(level) == spdlog::level::off && level != "off") {
        config.refuse("log-level", "is not a log level",
                      "allowed values are: trace, debug, info, warn, error, off");
    }
    const auto format = values["log-format"].as<std::string>();
    if (format != "text" && format != "json") {
        config.refuse("log-format", "is not a log format", "allowed values are: text, json");
    }
    setup_logging(level, format);
    DaemonSettings settings;
    settings.database_uri = values["db"].as<std::string>();
    settings.batch_size = values["batch-size"].as<size_t>();
    settings.poll_interval = std::chrono::milliseconds(values["poll-interval-ms"].as<long>());
    settings.gather_delay = std::chrono::milliseconds(values["gather-ms"].as<long>());
    settings.full_pass_chunk = values["pass-chunk"].as<size_t>();
    settings.workers = values["workers"].as<size_t>();
    settings.erp_busy_sessions = values["erp-busy-sessions"].as<double>();
    settings.busy_share = values["busy-share"].as<double>();
    settings.max_lag = std::chrono::seconds(values["max-lag-s"].as<long>());
    settings.actor = default_actor();
    settings.metrics_listen = parse_listen_address(values["metrics-listen"].as<std::string>());
    if (settings.batch_size == 0 || settings.batch_size > 100000) {
        config.refuse("batch-size", "must be between 1 and 100000");
    }
    if (settings.full_pass_chunk == 0 || settings.full_pass_chunk > 1000000) {
        config.refuse("pass-chunk", "must be between 1 and 1000000");
    }
    if (settings.workers == 0 || settings.workers > 32) {
        config.refuse("workers", "must be between 1 and 32");
    }
    if (!(settings.erp_busy_sessions >= 0 && settings.erp_busy_sessions <= 10000)) {
        config.refuse("erp-busy-sessions", "must be between 0 and 10000",
                      "the number of the database server's cores is a good value; 0 never yields");
    }
    if (!(settings.busy_share >= 0.001 && settings.busy_share <= 1)) {
        config.refuse("busy-share", "must be between 0.001 and 1",
                      "0.02 works a fiftieth of the time while the ERP is busy; 1 never rests");
    }
    if (settings.max_lag.count() < 1000 || settings.max_lag.count() > 86400 * 1000) {
        config.refuse("max-lag-s", "must be between 1 and 86400");
    }
    if (settings.poll_interval.count() < 10) {
        config.refuse("poll-interval-ms", "must be at least 10");
    }
    if (settings.gather_delay.count() < 0 || settings.gather_delay > settings.poll_interval) {
        config.refuse("gather-ms", "must be between 0 and poll-interval-ms");
    }

    if (values.count("print-config")) {
        std::cout << config.describe();
        if (!values.count("check")) return 0;
    }
    if (!values.count("policy")) {
        throw UsageError("no policy given",
                         "set policy = /etc/tierd/policy.yaml in the config file, or pass "
                         "--policy FILE");
    }
    settings.policy_path = values["policy"].as<std::string>();

    auto policy = std::make_shared<Policy>(load_policy_file(settings.policy_path));
    for (const auto& warning : policy->warnings) spdlog::warn("{}", describe_warning(warning));
    if (values.count("check") && settings.database_uri.empty()) {
        std::cout << settings.policy_path << ": policy version " << policy->version
                  << " is valid\n";
        return 0;
    }

    const auto share = share_dir();
    const SqlQueries queries(share / "sql" / "queries");
    auto connection = open_connection(settings.database_uri, "check the ERP database");
    std::optional<ErpPlugin> plugin;
    {
        pqxx::work tx(*connection, "tierd_check");
        plugin = load_installed_plugin(tx, queries, share / "plugins");
        refuse_missing_schema(tx, queries, share / "sql" / "schema");
        plugin->check_database(tx, policy.get());
    }
    connection.reset();
    plugin->check_policy(*policy);
    if (values.count("check")) {
        std::cout << settings.policy_path << ": policy version " << policy->version
                  << " is valid for the " << plugin->name() << " plugin in this database\n";
        return 0;
    }
    spdlog::info("tierd starting: policy {} version {} (sha256 {}), plugin {}",
                 settings.policy_path, policy->version, policy->content_hash.substr(0, 12),
                 plugin->name());
    const SystemClock clock;
    DaemonLoop loop(settings, *plugin, queries, policy, clock);
    return loop.run();
}

}  // namespace

int main(int argc, char** argv) {
    return run_guarded([&] { return run_daemon({argv + 1, argv + argc}); });
}
