// Shared command-line plumbing.
#include "cli/cli_support.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <pqxx/except>

#include "cli/log_lines.hpp"
#include "core/errors.hpp"
#include "tierd_version.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {
// Once the daemon logs JSON, its fatal error is a JSON line too: a log shipper reading
// the journal then sees why it stopped, not a line it cannot parse.
bool errors_as_log_lines = false;

void report_error(const std::string& text) {
    if (errors_as_log_lines && spdlog::default_logger()->should_log(spdlog::level::err)) {
        spdlog::error("{}", text);
    } else {
        std::cerr << text << "\n";
    }
}
}  // namespace

void setup_logging(const std::string& level, const std::string& format) {
    auto logger = spdlog::stderr_logger_mt("tierd");
    logger->set_formatter(
        std::make_unique<LogLineFormatter>(format == "json" ? LogFormat::json : LogFormat::text));
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
        throw UsageError("unknown log level '" + level + "'",
                         "use one of: trace, debug, info, warn, error, off");
    }
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
    errors_as_log_lines = format == "json";
}

std::string version_line(const std::string& program) {
    std::string line = program + " " + TIERD_VERSION;
    if (*TIERD_GIT_COMMIT) line += std::string(" (git ") + TIERD_GIT_COMMIT + ")";
    return line;
}

po::variables_map parse_options(const std::vector<std::string>& args,
                                const po::options_description& options,
                                const po::positional_options_description& positional,
                                const std::string& help_command) {
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(),
                  values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError(error.what(), "see `" + help_command + " --help`");
    }
    return values;
}

int run_guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const PolicyError& error) {
        report_error(describe_error(error));
        return kExitBadInput;
    } catch (const UsageError& error) {
        report_error(describe_error(error));
        return kExitBadInput;
    } catch (const PluginError& error) {
        report_error(describe_error(error));
        return kExitBadInput;
    } catch (const pqxx::sql_error& error) {
        report_error(std::string("error: database statement failed: ") + error.what());
        return kExitFailure;
    } catch (const std::exception& error) {
        report_error(describe_error(error));
        return kExitFailure;
    }
}

}  // namespace tierd
