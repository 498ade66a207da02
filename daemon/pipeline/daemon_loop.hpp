// The daemon's event loop (Boost.Asio): waits on the LISTEN connection's socket for a
// wake-up, on a fallback poll timer and on signals, and drains the queue batch by batch.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/backlog_helper.hpp"
#include "pipeline/batch_processor.hpp"
#include "pipeline/daemon_metrics.hpp"
#include "pipeline/erp_load.hpp"
#include "pipeline/full_evaluation.hpp"
#include "pipeline/monitoring_endpoint.hpp"
#include "pipeline/policy_watcher.hpp"
#include "pipeline/service_notifier.hpp"

namespace tierd {

struct DaemonSettings {
    std::string database_uri;
    std::string policy_path;
    size_t batch_size = 500;
    // Customers read at a time by a full pass (then evaluated batch_size at a time).
    size_t full_pass_chunk = 5000;
    // Upper bound on how long an event can wait if a wake-up is missed (see tierd.enqueue).
    std::chrono::milliseconds poll_interval{1000};
    // After a batch that emptied the queue, how long to let events gather before the next
    // one: under a steady stream of invoices this makes a few larger batches instead of
    // many of one customer each, which would cost the ERP's CPU their fixed overhead.
    std::chrono::milliseconds gather_delay{50};
    std::chrono::milliseconds max_reconnect_delay{30000};
    // Connections evaluating batches at once when the queue holds a backlog: the daemon's
    // own and workers - 1 helpers (see backlog_helper.hpp).
    size_t workers = 2;
    // Yielding to a busy ERP (see erp_load.hpp): the average of the ERP's sessions at work
    // from which it counts as busy (0: never), the share of the time tierd works meanwhile,
    // and the longest an event may wait meanwhile.
    double erp_busy_sessions = 2;
    double busy_share = 0.02;
    std::chrono::milliseconds max_lag{300000};
    std::string actor;
    // Where GET /healthz and /metrics are served (none: nowhere). 9187 would be the usual
    // neighbour's, postgres_exporter's, on a database server.
    std::optional<ListenAddress> metrics_listen = ListenAddress{"127.0.0.1", 9469};
};

class WakeupReceiver;

class DaemonLoop {
  public:
    DaemonLoop(DaemonSettings settings, const ErpPlugin& plugin, const SqlQueries& queries,
               std::shared_ptr<const Policy> policy, const Clock& clock);
    ~DaemonLoop();

    // Runs until SIGTERM or SIGINT; returns the process exit code.
    int run();

  private:
    void connect_and_start();
    void disconnect();
    void on_connection_lost(const std::exception& error);
    void arm_listener();
    void arm_poll_timer();
    // drain: mark this daemon busy (no NOTIFY from triggers) and work the queue;
    // probe: look once for work without marking (fallback poll, final check).
    enum class DrainMode { drain, probe };
    void request_drain(DrainMode mode);
    void drain_step(DrainMode mode);
    void set_draining(bool draining);
    // The next drain step after `delay`, with this daemon still marked as draining.
    void resume_after(std::chrono::milliseconds delay);
    // Samples the ERP's load and the queue's oldest wait, and sets the pace (logging a
    // change): helpers ease off when the daemon starts yielding.
    void update_pace();
    void on_signal(int signal_number);
    void reload_policy();
    // Re-evaluates everyone every `evaluate_every` (the shortest of the classifications').
    void arm_schedule_timer();
    // Whether this daemon is the one that schedules (see sql/queries/scheduler_lock.sql).
    bool holds_scheduler_lock();
    // Queues the customers whose pins ended since the last look (pins_checked_).
    void queue_ended_pins();
    // Starts a pass over every customer (source: why), e.g. after the policy changed; a
    // pass already running is abandoned, as its figures were for the policy it began with.
    void start_full_pass(const std::string& source);
    // Evaluates a batch of the running pass's chunk, with the next chunk being read
    // meanwhile; false when there is none at hand (the next chunk is still being read, or
    // the pass is over).
    bool full_pass_step();
    // Reads the pass's next chunk on a thread of its own: the query behind the first
    // chunk runs for as long as it takes to read the whole book (a minute for ten million
    // invoices), and events, signals and the schedule must not wait for it.
    void fetch_next_chunk();
    void on_chunk_fetched(const std::shared_ptr<FullEvaluation>& pass, std::exception_ptr failure);
    void finish_full_pass();
    void end_full_pass();
    // The helpers start when a batch came back full, and stop with the connection, before
    // a new policy takes over (no batch under the old one may commit after the pass for
    // the new one began) and at SIGTERM.
    void start_helpers();
    void stop_helpers();
    // The event loop's own heartbeat: proves to the watchdog (and /healthz) that the loop
    // still turns; a loop stuck in a handler stops it.
    void arm_heartbeat();
    std::chrono::steady_clock::duration heartbeat_period() const;
    HealthReport health() const;
    std::string render_metrics();
    // Samples the queue for /metrics, unless it was sampled a moment ago.
    void sample_queue();
    // What the daemon does, for the service manager's status line.
    void update_status();

    DaemonSettings settings_;
    const ErpPlugin& plugin_;
    const SqlQueries& queries_;
    std::shared_ptr<const Policy> policy_;
    const Clock& clock_;
    DaemonMetrics metrics_;  // before the processors, which count into it
    ServiceNotifier notifier_;
    BatchProcessor processor_;
    std::vector<std::unique_ptr<BacklogHelper>> helpers_;
    std::shared_ptr<FullEvaluation> full_pass_;
    bool fetching_ = false;              // a fetch thread works for full_pass_
    std::vector<std::thread> fetchers_;  // joined when the daemon stops
    // Why the pass in progress was started, until it completes: a pass cut short by a lost
    // connection starts again once reconnected.
    std::optional<std::string> unfinished_pass_;
    // Until when ended pins have been queued: the start, which the start-up pass covers.
    TimePoint pins_checked_ = std::chrono::system_clock::now();

    boost::asio::io_context io_;
    boost::asio::signal_set signals_;
    boost::asio::posix::stream_descriptor listen_socket_;
    boost::asio::steady_timer poll_timer_;
    boost::asio::steady_timer gather_timer_;
    boost::asio::steady_timer reconnect_timer_;
    boost::asio::steady_timer schedule_timer_;
    boost::asio::steady_timer heartbeat_timer_;
    std::unique_ptr<MonitoringEndpoint> endpoint_;
    std::chrono::steady_clock::time_point last_heartbeat_;
    std::chrono::steady_clock::time_point queue_sampled_;
    std::chrono::steady_clock::time_point full_pass_began_;
    bool ready_ = false;           // READY=1 sent: connected once, with the policy loaded
    bool ever_connected_ = false;  // a connection now is a reconnection
    std::string unhealthy_reason_ = "connecting to the database";

    std::unique_ptr<pqxx::connection> listener_;
    std::unique_ptr<pqxx::connection> worker_;
    std::unique_ptr<WakeupReceiver> receiver_;
    std::unique_ptr<PolicyWatcher> policy_watcher_;
    std::chrono::milliseconds reconnect_delay_{250};
    bool connected_ = false;
    bool drain_queued_ = false;
    bool draining_ = false;
    bool stopping_ = false;
    ErpLoadGauge load_;
    Pace pace_ = Pace::full_speed;
};

}  // namespace tierd
