// Defaults tierctl takes from the daemon's own configuration, so that an operator who set
// `db` and `policy` once in tierd.conf need not repeat them on every command.
#pragma once

#include <string>

namespace tierd {

// The daemon's configuration file: $TIERD_CONFIG if set, else /etc/tierd/tierd.conf.
std::string daemon_config_path();

// The value of `environment` if set and not empty, else the `key` of the daemon's
// configuration file if that file exists and this user can read it, else "". A file that
// exists but is malformed throws ConfigError (file:line): a silent fallback there would
// send a command to a database nobody chose.
std::string daemon_config_default(const std::string& key, const std::string& environment);

}  // namespace tierd
