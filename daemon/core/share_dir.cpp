// Resolution of the data directory relative to the executable, so nothing is hard-coded.
#include "core/share_dir.hpp"

#include <cstdlib>

#include "core/errors.hpp"

namespace tierd {

std::filesystem::path share_dir() {
    namespace fs = std::filesystem;
    if (const char* forced = std::getenv("TIERD_SHARE_DIR"); forced && *forced) {
        return fs::path(forced);
    }
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) {
        throw TierdError(
            "cannot locate the tierd executable to find its data files: " + error.message(),
            "set TIERD_SHARE_DIR to the directory holding sql/ and plugins/");
    }
    const fs::path candidate = executable.parent_path().parent_path() / "share" / "tierd";
    if (!fs::exists(candidate / "sql")) {
        throw TierdError("tierd data files not found in " + candidate.string(),
                         "set TIERD_SHARE_DIR to the directory holding sql/ and plugins/");
    }
    return candidate;
}

}  // namespace tierd
