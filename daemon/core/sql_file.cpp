// Loading SQL text from the data directory.
#include "core/sql_file.hpp"

#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace tierd {

std::string read_sql_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw TierdError("cannot read SQL file " + path.string(),
                         "reinstall tierd or set TIERD_SHARE_DIR to its data directory");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tierd
