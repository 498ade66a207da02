// A small parser of `key = value` files, so that every error carries its file and line.
#include "cli/config_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.hpp"

namespace tierd {

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool valid_key(const std::string& key) {
    if (key.empty()) return false;
    for (const char c : key) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    }
    return true;
}

// The value after `=`: quoted (kept as written between the quotes), or bare with a trailing
// ` # comment` removed.
std::string parse_value(const std::string& raw, const SourceLocation& where) {
    const std::string value = trim(raw);
    if (!value.empty() && value.front() == '"') {
        const auto closing = value.find('"', 1);
        if (closing == std::string::npos) {
            throw ConfigError(where, "unterminated quoted value", "end the value with '\"'");
        }
        const std::string rest = trim(value.substr(closing + 1));
        if (!rest.empty() && rest.front() != '#' && rest.front() != ';') {
            throw ConfigError(where, "text after the closing quote: '" + rest + "'",
                              "put a comment after '#', or the whole value inside the quotes");
        }
        return value.substr(1, closing - 1);
    }
    for (size_t i = 0; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && i > 0 &&
            (value[i - 1] == ' ' || value[i - 1] == '\t')) {
            return trim(value.substr(0, i));
        }
    }
    return value;
}

}  // namespace

std::vector<ConfigEntry> parse_config_text(const std::string& text, const std::string& file) {
    std::vector<ConfigEntry> entries;
    std::map<std::string, int> seen;
    std::istringstream lines(text);
    std::string raw;
    int number = 0;
    while (std::getline(lines, raw)) {
        ++number;
        const SourceLocation where{file, number, 0};
        const std::string line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            throw ConfigError(where, "sections are not used in this file: '" + line + "'",
                              "remove the line; every key stands on its own");
        }
        const auto equals = line.find('=');
        if (equals == std::string::npos) {
            throw ConfigError(where, "expected 'key = value', found '" + line + "'",
                              "write one setting per line, e.g. batch-size = 500");
        }
        ConfigEntry entry;
        entry.key = trim(line.substr(0, equals));
        entry.line = number;
        if (!valid_key(entry.key)) {
            throw ConfigError(where, "'" + entry.key + "' is not a key",
                              "keys are the daemon's option names, e.g. batch-size");
        }
        entry.value = parse_value(line.substr(equals + 1), where);
        const auto [previous, inserted] = seen.emplace(entry.key, number);
        if (!inserted) {
            throw ConfigError(where,
                              "'" + entry.key + "' is set twice (first at line " +
                                  std::to_string(previous->second) + ")",
                              "keep one of the two lines");
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<ConfigEntry> read_config_file(const std::string& path) {
    const SourceLocation where{path, 0, 0};
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw ConfigError(where, "cannot read the configuration file: it is a directory",
                          "pass the file itself, e.g. --config /etc/tierd/tierd.conf");
    }
    std::ifstream in(path);
    if (!in) {
        throw ConfigError(where,
                          "cannot read the configuration file: " + std::string(strerror(errno)),
                          "check that it exists and that the daemon's user may read it");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config_text(text.str(), path);
}

}  // namespace tierd
