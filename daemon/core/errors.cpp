// Rendering of tierd errors for people (terminal, journal).
#include "core/errors.hpp"

#include <fmt/format.h>

namespace tierd {

std::string SourceLocation::to_string() const {
    if (line <= 0) return file;
    if (column <= 0) return fmt::format("{}:{}", file, line);
    return fmt::format("{}:{}:{}", file, line, column);
}

std::string describe_error(const std::exception& error) {
    std::string text;
    if (const auto* policy = dynamic_cast<const PolicyError*>(&error)) {
        text = fmt::format("{}: error: {}", policy->where().to_string(), policy->what());
    } else if (const auto* config = dynamic_cast<const ConfigError*>(&error)) {
        text = fmt::format("{}: error: {}", config->where().to_string(), config->what());
    } else {
        text = fmt::format("error: {}", error.what());
    }
    if (const auto* tierd_error = dynamic_cast<const TierdError*>(&error)) {
        if (!tierd_error->hint().empty()) text += "\nHINT: " + tierd_error->hint();
    }
    return text;
}

}  // namespace tierd
