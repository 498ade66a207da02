// Log line rendering: a fixed envelope (time, level, message) that tools can parse.
#include "cli/log_lines.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/secret_mask.hpp"

namespace tierd {

namespace {

std::string utc_time(std::chrono::system_clock::time_point when) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() %
        1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", utc, millis);
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out + "\"";
}

}  // namespace

void LogLineFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
    const std::string text =
        mask_passwords(std::string(message.payload.data(), message.payload.size()));
    const auto level = spdlog::level::to_string_view(message.level);
    std::string line;
    if (format_ == LogFormat::json) {
        nlohmann::json record;
        record["ts"] = utc_time(message.time);
        record["level"] = std::string(level.data(), level.size());
        record["msg"] = text;
        line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
        line = fmt::format("ts={} level={} msg={}", utc_time(message.time),
                           std::string(level.data(), level.size()), quoted(text));
    }
    line += '\n';
    out.append(line.data(), line.data() + line.size());
}

std::unique_ptr<spdlog::formatter> LogLineFormatter::clone() const {
    return std::make_unique<LogLineFormatter>(format_);
}

}  // namespace tierd
