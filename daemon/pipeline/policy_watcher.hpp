// Notices when the policy file changes on disk (inotify on its directory, so editors that
// write a new file and rename it over the old one are seen too) and calls back, debounced.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <functional>

namespace tierd {

class PolicyWatcher {
  public:
    PolicyWatcher(boost::asio::io_context& io, const std::filesystem::path& file,
                  std::function<void()> on_change);
    ~PolicyWatcher();
    PolicyWatcher(const PolicyWatcher&) = delete;
    PolicyWatcher& operator=(const PolicyWatcher&) = delete;

    void stop();

  private:
    void read_events();

    std::string file_name_;
    std::function<void()> on_change_;
    boost::asio::posix::stream_descriptor events_;
    boost::asio::steady_timer settle_timer_;
    alignas(8) std::array<char, 4096> buffer_{};
};

}  // namespace tierd
