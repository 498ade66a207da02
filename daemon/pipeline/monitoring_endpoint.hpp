// The operator's HTTP endpoint (Boost.Beast on the daemon's own event loop): GET /healthz
// answers 200 "ok" while the daemon works and 503 with the reason otherwise; GET /metrics
// answers the Prometheus text exposition. Every read and write is asynchronous with a
// deadline, and the number of open connections is capped, so a slow or stuck client costs
// the loop nothing but a socket.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tierd {

// ADDR:PORT to listen on ("127.0.0.1:9469", "[::1]:9469", "localhost:9469").
struct ListenAddress {
    std::string host;
    uint16_t port = 0;

    std::string to_string() const;
};

// The value of --metrics-listen: none for "off" or "". Throws UsageError.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

struct HealthReport {
    bool healthy = false;
    std::string reason;  // why not, for the 503's body
};

class MonitoringEndpoint {
  public:
    struct Handlers {
        std::function<HealthReport()> health;
        std::function<std::string()> metrics;
    };

    // Listens on `address` at once (throws TierdError if it cannot); serves on `io`.
    MonitoringEndpoint(boost::asio::io_context& io, const ListenAddress& address,
                       Handlers handlers);
    ~MonitoringEndpoint();
    MonitoringEndpoint(const MonitoringEndpoint&) = delete;
    MonitoringEndpoint& operator=(const MonitoringEndpoint&) = delete;

    // The address actually bound (port 0 asks for any free port).
    boost::asio::ip::tcp::endpoint local_endpoint() const;
    // Stops accepting and closes the open connections.
    void stop();

    struct State;  // the acceptor and the connections, shared with their handlers

  private:
    std::shared_ptr<State> state_;
};

}  // namespace tierd
