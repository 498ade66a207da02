// inotify through Boost.Asio.
#include "pipeline/policy_watcher.hpp"

#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tierd {

namespace asio = boost::asio;

PolicyWatcher::PolicyWatcher(asio::io_context& io, const std::filesystem::path& file,
                             std::function<void()> on_change)
    : file_name_(file.filename().string()),
      on_change_(std::move(on_change)),
      events_(io),
      settle_timer_(io) {
    const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const std::filesystem::path directory =
        file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    if (fd < 0 ||
        inotify_add_watch(fd, directory.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
        // Not fatal: SIGHUP still reloads. Say so once.
        spdlog::warn("cannot watch {} for changes ({}); reload the policy with SIGHUP",
                     directory.string(), std::strerror(errno));
        if (fd >= 0) ::close(fd);
        return;
    }
    events_.assign(fd);
    read_events();
}

PolicyWatcher::~PolicyWatcher() {
    stop();
}

void PolicyWatcher::stop() {
    settle_timer_.cancel();
    if (events_.is_open()) events_.close();
}

void PolicyWatcher::read_events() {
    events_.async_read_some(asio::buffer(buffer_), [this](const auto& error, size_t length) {
        if (error) return;
        bool ours = false;
        for (size_t offset = 0; offset + sizeof(inotify_event) <= length;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer_.data() + offset);
            if (event->len > 0 && file_name_ == event->name) ours = true;
            offset += sizeof(inotify_event) + event->len;
        }
        if (ours) {
            // Editors write in several steps: wait for the file to settle.
            settle_timer_.expires_after(std::chrono::milliseconds(200));
            settle_timer_.async_wait([this](const auto& wait_error) {
                if (!wait_error) on_change_();
            });
        }
        read_events();
    });
}

}  // namespace tierd
