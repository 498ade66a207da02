// What tierd and tierctl share at the edge: logging set-up, option parsing errors, and
// turning exceptions into a message and an exit code.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

namespace tierd {

// Exit codes: 0 success, 1 failure at run time, 2 bad input (usage, policy, plugin).
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// Logs to stderr at `level` (trace ... off) as `format` ("text": key=value, or "json").
void setup_logging(const std::string& level, const std::string& format = "text");

// "tierd 0.1.0 (git 0123456789ab)": `program`, the project's version, the commit if known.
std::string version_line(const std::string& program);

// Parses `args` against `options` (and positional names), wrapping Boost's errors into
// UsageError with a hint to `help_command`.
boost::program_options::variables_map parse_options(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    const std::string& help_command);

// Runs `body`, printing any error for a person on stderr (as a log line once
// setup_logging chose JSON); returns the exit code.
int run_guarded(const std::function<int()>& body);

}  // namespace tierd
