// Defaults tierctl takes from $TIERD_DB / $TIERD_POLICY or the daemon's tierd.conf.
#include "cli/daemon_config_defaults.hpp"

#include <unistd.h>

#include <cstdlib>

#include "cli/config_file.hpp"
#include "cli/layered_options.hpp"

namespace tierd {

std::string daemon_config_path() {
    const char* path = std::getenv("TIERD_CONFIG");
    return path != nullptr && *path != '\0' ? path : kDefaultConfigPath;
}

std::string daemon_config_default(const std::string& key, const std::string& environment) {
    const char* value = std::getenv(environment.c_str());
    if (value != nullptr && *value != '\0') return value;
    const std::string path = daemon_config_path();
    // Missing or readable only by the daemon's user (0640 root:tierd): no default, and the
    // command's own error says what to pass.
    if (access(path.c_str(), R_OK) != 0) return "";
    for (const auto& entry : read_config_file(path)) {
        if (entry.key == key) return entry.value;
    }
    return "";
}

}  // namespace tierd
