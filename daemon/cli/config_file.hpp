// The daemon's configuration file: INI-like `key = value` lines, `#` or `;` comments.
#pragma once

#include <string>
#include <vector>

namespace tierd {

// One `key = value` line of a configuration file.
struct ConfigEntry {
    std::string key;
    std::string value;
    int line = 0;
};

// Parses configuration text read from `file` (named in errors). Blank lines and lines
// starting with `#` or `;` are skipped; a value may be wrapped in double quotes to keep
// surrounding spaces or a `#`. Throws ConfigError (file:line) on a line that is not
// `key = value`, a section header, or a key given twice.
std::vector<ConfigEntry> parse_config_text(const std::string& text, const std::string& file);

// Reads and parses the file at `path`; throws ConfigError if it cannot be read.
std::vector<ConfigEntry> read_config_file(const std::string& path);

}  // namespace tierd
