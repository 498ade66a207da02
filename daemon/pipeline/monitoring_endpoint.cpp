// HTTP/1.1 with keep-alive, a request at a time per connection, GET and HEAD only.
#include "pipeline/monitoring_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <set>

#include "core/errors.hpp"

namespace tierd {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
// A client gets this long for each request and each response, and as long idle between
// requests on a kept-alive connection; beyond the cap, new connections are closed at once.
constexpr auto kClientDeadline = std::chrono::seconds(10);
constexpr size_t kMaxConnections = 32;
constexpr size_t kMaxHeaderBytes = 8192;
}  // namespace

std::string ListenAddress::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<ListenAddress> parse_listen_address(const std::string& text) {
    if (text.empty() || text == "off") return std::nullopt;
    const std::string hint =
        "give ADDRESS:PORT, e.g. 127.0.0.1:9469 or [::1]:9469, or off to serve no endpoint";
    ListenAddress address;
    std::string port;
    if (text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) {
            throw UsageError("--metrics-listen '" + text + "' is not ADDRESS:PORT", hint);
        }
        address.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) {
            throw UsageError("--metrics-listen '" + text + "' is not ADDRESS:PORT", hint);
        }
        address.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (address.host.empty() || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stol(port) > 65535) {
        throw UsageError("--metrics-listen '" + text + "' is not ADDRESS:PORT", hint);
    }
    address.port = static_cast<uint16_t>(std::stol(port));
    return address;
}

class Session;

struct MonitoringEndpoint::State {
    State(asio::io_context& io, MonitoringEndpoint::Handlers handlers)
        : acceptor(io), handlers(std::move(handlers)) {}
    tcp::acceptor acceptor;
    MonitoringEndpoint::Handlers handlers;
    std::set<std::shared_ptr<Session>> sessions;
    bool stopped = false;
};

// One client connection: read a request, answer it, and again while the client keeps it
// alive. The session lives as long as an operation of it is pending (or until stop()).
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, std::weak_ptr<MonitoringEndpoint::State> endpoint)
        : stream_(std::move(socket)), endpoint_(std::move(endpoint)) {}

    void read() {
        parser_.emplace();
        parser_->header_limit(kMaxHeaderBytes);
        parser_->body_limit(1024);
        stream_.expires_after(kClientDeadline);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code error, size_t) { self->on_read(error); });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

  private:
    void on_read(beast::error_code error) {
        if (error) return finish();  // closed, timed out, or not HTTP: nothing to answer
        const auto endpoint = endpoint_.lock();
        if (!endpoint) return;
        respond(*endpoint, parser_->get());
    }

    void respond(MonitoringEndpoint::State& endpoint,
                 const http::request<http::string_body>& request) {
        response_ = {};
        response_.version(request.version());
        response_.keep_alive(request.keep_alive());
        response_.set(http::field::server, "tierd");
        response_.set(http::field::content_type, "text/plain; charset=utf-8");
        const beast::string_view target = request.target();
        const beast::string_view path = target.substr(0, target.find('?'));
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response_.result(http::status::method_not_allowed);
            response_.set(http::field::allow, "GET, HEAD");
            response_.body() = "only GET and HEAD are served\n";
        } else if (path == "/healthz") {
            const HealthReport health = endpoint.handlers.health();
            response_.result(health.healthy ? http::status::ok : http::status::service_unavailable);
            response_.body() = health.healthy ? "ok\n" : health.reason + "\n";
        } else if (path == "/metrics") {
            response_.result(http::status::ok);
            response_.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            response_.body() = endpoint.handlers.metrics();
        } else {
            response_.result(http::status::not_found);
            response_.body() = "not found: tierd serves /healthz and /metrics\n";
        }
        response_.prepare_payload();
        if (request.method() == http::verb::head) response_.body().clear();
        stream_.expires_after(kClientDeadline);
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code error, size_t) {
                              if (error || !self->response_.keep_alive()) return self->finish();
                              self->read();
                          });
    }

    void finish() {
        close();
        if (const auto endpoint = endpoint_.lock()) endpoint->sessions.erase(shared_from_this());
    }

    beast::tcp_stream stream_;
    std::weak_ptr<MonitoringEndpoint::State> endpoint_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
};

namespace {
void accept_next(const std::shared_ptr<MonitoringEndpoint::State>& state) {
    state->acceptor.async_accept([weak = std::weak_ptr<MonitoringEndpoint::State>(state)](
                                     beast::error_code error, tcp::socket socket) {
        const auto state = weak.lock();
        if (!state || state->stopped) return;
        if (!error) {
            if (state->sessions.size() >= kMaxConnections) {
                beast::error_code ignored;
                socket.close(ignored);
            } else {
                auto session = std::make_shared<Session>(std::move(socket), state);
                state->sessions.insert(session);
                session->read();
            }
        } else if (error == asio::error::operation_aborted) {
            return;
        } else {
            spdlog::warn("metrics endpoint: cannot accept a connection: {}", error.message());
        }
        accept_next(state);
    });
}
}  // namespace

MonitoringEndpoint::MonitoringEndpoint(asio::io_context& io, const ListenAddress& address,
                                       Handlers handlers)
    : state_(std::make_shared<State>(io, std::move(handlers))) {
    const std::string hint =
        "pass another --metrics-listen ADDRESS:PORT, or --metrics-listen off to serve none";
    beast::error_code error;
    tcp::resolver resolver(io);
    const auto resolved =
        resolver.resolve(address.host, std::to_string(address.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, error);
    if (error || resolved.empty()) {
        throw TierdError("cannot listen on " + address.to_string() +
                             " for /healthz and /metrics: " + error.message(),
                         hint);
    }
    const tcp::endpoint endpoint = resolved.begin()->endpoint();
    auto& acceptor = state_->acceptor;
    acceptor.open(endpoint.protocol(), error);
    if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor.bind(endpoint, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
        throw TierdError("cannot listen on " + address.to_string() +
                             " for /healthz and /metrics: " + error.message(),
                         hint);
    }
    accept_next(state_);
}

MonitoringEndpoint::~MonitoringEndpoint() {
    stop();
}

tcp::endpoint MonitoringEndpoint::local_endpoint() const {
    beast::error_code ignored;
    return state_->acceptor.local_endpoint(ignored);
}

void MonitoringEndpoint::stop() {
    if (state_->stopped) return;
    state_->stopped = true;
    beast::error_code ignored;
    state_->acceptor.close(ignored);
    const auto sessions = std::move(state_->sessions);
    state_->sessions.clear();
    for (const auto& session : sessions) session->close();
}

}  // namespace tierd
