// The daemon's log lines: one line per message on stderr (journald keeps them), as
// key=value text or JSON, with passwords masked whatever the message holds.
#pragma once

#include <spdlog/formatter.h>

#include <string>

namespace tierd {

enum class LogFormat { text, json };

// Renders `ts=2026-12-02T13:52:35.123Z level=info msg="..."` or
// `{"ts":"...","level":"info","msg":"..."}`; newlines and quotes in the message are escaped,
// so one message is always one line.
class LogLineFormatter : public spdlog::formatter {
  public:
    explicit LogLineFormatter(LogFormat format) : format_(format) {}
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
    std::unique_ptr<spdlog::formatter> clone() const override;

  private:
    LogFormat format_;
};

}  // namespace tierd
