// Tells the service manager (systemd, Type=notify) how the daemon is doing, through
// sd_notify(3): ready, reloading, stopping, a status line, and the watchdog's keep-alive.
// Without $NOTIFY_SOCKET (not started by systemd) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tierd {

class ServiceNotifier {
  public:
    ServiceNotifier();

    // The watchdog's timeout (WatchdogSec=, from $WATCHDOG_USEC), if it is on for this
    // process; keep_alive() must then come more often than that.
    std::optional<std::chrono::microseconds> watchdog_timeout() const { return watchdog_; }

    // READY=1: start-up or a reload is complete.
    void ready(const std::string& status);
    // RELOADING=1 with the monotonic time (Type=notify-reload needs it from systemd 253 on;
    // older versions ignore it); ready() must follow.
    void reloading(const std::string& status);
    void stopping(const std::string& status);
    void status(const std::string& status);
    // WATCHDOG=1.
    void keep_alive();

  private:
    void send(const std::string& message);

    std::optional<std::chrono::microseconds> watchdog_;
    std::string last_status_;
};

}  // namespace tierd
