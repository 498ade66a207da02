// Locates tierd's data files (sql/ and plugins/), which are loaded at run time, not compiled in.
#pragma once

#include <filesystem>

namespace tierd {

// The directory holding sql/ and plugins/: $TIERD_SHARE_DIR if set, else ../share/tierd
// relative to the running executable (true both when installed and in the build tree).
std::filesystem::path share_dir();

}  // namespace tierd
