// sd_notify(3) messages.
#include "pipeline/service_notifier.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstring>
#include <ctime>

namespace tierd {

namespace {
// A status line is one line: the manager cuts a message at its newlines.
std::string one_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    return line;
}
}  // namespace

ServiceNotifier::ServiceNotifier() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_ = std::chrono::microseconds(usec);
    }
}

void ServiceNotifier::ready(const std::string& status) {
    last_status_ = one_line(status);
    send("READY=1\nSTATUS=" + last_status_);
}

void ServiceNotifier::reloading(const std::string& status) {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const uint64_t usec =
        static_cast<uint64_t>(now.tv_sec) * 1000000U + static_cast<uint64_t>(now.tv_nsec) / 1000U;
    last_status_ = one_line(status);
    send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec) + "\nSTATUS=" + last_status_);
}

void ServiceNotifier::stopping(const std::string& status) {
    last_status_ = one_line(status);
    send("STOPPING=1\nSTATUS=" + last_status_);
}

void ServiceNotifier::status(const std::string& status) {
    const std::string line = one_line(status);
    if (line == last_status_) return;
    last_status_ = line;
    send("STATUS=" + line);
}

void ServiceNotifier::keep_alive() {
    send("WATCHDOG=1");
}

void ServiceNotifier::send(const std::string& message) {
    const int result = sd_notify(0, message.c_str());
    // A manager that went away must not stop the daemon; it is worth a line at debug level.
    if (result < 0) spdlog::debug("sd_notify failed: {}", std::strerror(-result));
}

}  // namespace tierd
