// Event loop, wake-ups, draining, reconnection and signals.
#include "pipeline/daemon_loop.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cmath>
#include <csignal>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/notification>
#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "policy/policy_loader.hpp"
#include "store/connection.hpp"
#include "store/pg_array.hpp"

namespace tierd {

namespace asio = boost::asio;

// Turns a NOTIFY on the wake-up channel into a request to drain the queue.
class WakeupReceiver final : public pqxx::notification_receiver {
  public:
    WakeupReceiver(pqxx::connection_base& connection, std::function<void()> on_wakeup)
        : pqxx::notification_receiver(connection, "tierd_wakeup"),
          on_wakeup_(std::move(on_wakeup)) {}
    void operator()(const std::string&, int) override { on_wakeup_(); }

  private:
    std::function<void()> on_wakeup_;
};

DaemonLoop::DaemonLoop(DaemonSettings settings, const ErpPlugin& plugin, const SqlQueries& queries,
                       std::shared_ptr<const Policy> policy, const Clock& clock)
    : settings_(std::move(settings)),
      plugin_(plugin),
      queries_(queries),
      policy_(std::move(policy)),
      clock_(clock),
      processor_(plugin, queries, clock, settings_.actor, &metrics_),
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      listen_socket_(io_),
      poll_timer_(io_),
      gather_timer_(io_),
      reconnect_timer_(io_),
      schedule_timer_(io_),
      heartbeat_timer_(io_),
      load_(settings_.erp_busy_sessions) {
    for (size_t helper = 1; helper < settings_.workers; ++helper) {
        helpers_.push_back(std::make_unique<BacklogHelper>(settings_.database_uri, plugin, queries,
                                                           clock, settings_.actor,
                                                           settings_.batch_size, &metrics_));
    }
    metrics_.set_policy(policy_->version, policy_->content_hash);
}

DaemonLoop::~DaemonLoop() {
    disconnect();
}

int DaemonLoop::run() {
    // Listening first: a taken port is a start-up error, before anything is ready.
    if (settings_.metrics_listen) {
        endpoint_ = std::make_unique<MonitoringEndpoint>(
            io_, *settings_.metrics_listen,
            MonitoringEndpoint::Handlers{[this] { return health(); },
                                         [this] { return render_metrics(); }});
        // The port bound, which port 0 leaves to the system.
        const auto bound = endpoint_->local_endpoint();
        spdlog::info("serving /healthz and /metrics on {}",
                     ListenAddress{bound.address().to_string(), bound.port()}.to_string());
    }
    if (const auto timeout = notifier_.watchdog_timeout()) {
        spdlog::info(
            "systemd watchdog on: {} ms, kept alive every {} ms from the event loop",
            std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count(),
            std::chrono::duration_cast<std::chrono::milliseconds>(heartbeat_period()).count());
    }
    notifier_.status("connecting to the database");
    last_heartbeat_ = std::chrono::steady_clock::now();
    arm_heartbeat();
    signals_.async_wait([this](const auto& error, int number) {
        if (!error) on_signal(number);
    });
    policy_watcher_ = std::make_unique<PolicyWatcher>(io_, settings_.policy_path, [this] {
        spdlog::info("policy file {} changed", settings_.policy_path);
        reload_policy();
    });
    asio::post(io_, [this] { connect_and_start(); });
    arm_schedule_timer();
    // A handler's exception must not end the daemon: each unit of work is a transaction
    // that was rolled back, so report it and carry on.
    while (true) {
        try {
            io_.run();
            break;
        } catch (const std::exception& error) {
            spdlog::error("internal error, carrying on: {}", error.what());
        }
    }
    // A fetch still running is interrupted (its connection's query cancelled) and waited for.
    if (full_pass_ && fetching_) full_pass_->cancel();
    for (auto& fetcher : fetchers_) fetcher.join();
    spdlog::info("tierd stopped");
    return 0;
}

void DaemonLoop::connect_and_start() {
    if (stopping_) return;
    try {
        // Two connections: LISTEN needs one that is never inside a transaction (libpqxx
        // only delivers notifications on an idle connection); batches run on the other.
        listener_ = open_connection(settings_.database_uri, "listen for wake-ups");
        worker_ = open_connection(settings_.database_uri, "process the queue");
        prepare_daemon_session(*worker_);
        plan_for_small_batches(*worker_);
        receiver_ = std::make_unique<WakeupReceiver>(*listener_,
                                                     [this] { request_drain(DrainMode::drain); });
        listen_socket_.assign(listener_->sock());
        connected_ = true;
        reconnect_delay_ = std::chrono::milliseconds(250);
        spdlog::info("connected to {}", redact_connection_string(settings_.database_uri));
        metrics_.set_connected(true);
        if (ever_connected_) metrics_.count_reconnect();
        ever_connected_ = true;
        arm_listener();
        arm_poll_timer();
        // Whatever happened while no daemon was running is caught up by one pass over
        // everyone; when another daemon holds the schedule, it has been running all along.
        if (unfinished_pass_) {
            start_full_pass(*unfinished_pass_);
        } else if (holds_scheduler_lock()) {
            start_full_pass("start");
        } else {
            spdlog::info("another daemon runs the full re-evaluations");
        }
        // Connected, with the policy loaded (before the loop began): ready for the service
        // manager, which starts what waits for tierd only now.
        if (!ready_) {
            ready_ = true;
            notifier_.ready(fmt::format("connected, policy version {}", policy_->version));
        }
        update_status();
        request_drain(DrainMode::drain);
    } catch (const std::exception& error) {
        // Whatever failed on the way (refused connection, a commit lost with the
        // connection, a statement error), start over from a fresh connection.
        on_connection_lost(error);
    }
}

void DaemonLoop::disconnect() {
    connected_ = false;
    metrics_.set_connected(false);
    metrics_.forget_queue();
    draining_ = false;
    stop_helpers();
    // The pass's snapshot belongs to the connections it was read with: start over later.
    if (full_pass_ && fetching_) full_pass_->cancel();
    fetching_ = false;
    full_pass_.reset();
    // The socket belongs to libpq: hand it back instead of letting Asio close it.
    if (listen_socket_.is_open()) listen_socket_.release();
    receiver_.reset();
    listener_.reset();
    worker_.reset();
}

void DaemonLoop::on_connection_lost(const std::exception& error) {
    spdlog::error("database connection lost: {}; reconnecting in {} ms", error.what(),
                  reconnect_delay_.count());
    std::string cause = error.what();
    while (!cause.empty() && (cause.back() == '\n' || cause.back() == ' ')) cause.pop_back();
    for (char& c : cause) {
        if (c == '\n') c = ' ';
    }
    unhealthy_reason_ = fmt::format("database connection lost: {}; reconnecting in {} ms", cause,
                                    reconnect_delay_.count());
    disconnect();
    notifier_.status(unhealthy_reason_);
    poll_timer_.cancel();
    reconnect_timer_.expires_after(reconnect_delay_);
    reconnect_timer_.async_wait([this](const auto& wait_error) {
        if (!wait_error) connect_and_start();
    });
    reconnect_delay_ = std::min(reconnect_delay_ * 2, settings_.max_reconnect_delay);
}

void DaemonLoop::arm_listener() {
    listen_socket_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const auto& error) {
        if (error || stopping_ || !connected_) return;
        try {
            listener_->get_notifs();
            arm_listener();
        } catch (const pqxx::broken_connection& lost) {
            on_connection_lost(lost);
        }
    });
}

void DaemonLoop::arm_poll_timer() {
    poll_timer_.expires_after(settings_.poll_interval);
    poll_timer_.async_wait([this](const auto& error) {
        if (error || stopping_) return;
        try {
            if (connected_) queue_ended_pins();
        } catch (const pqxx::broken_connection& lost) {
            on_connection_lost(lost);
            return;
        }
        request_drain(DrainMode::probe);
        arm_poll_timer();
    });
}

void DaemonLoop::queue_ended_pins() {
    const TimePoint now = std::chrono::system_clock::now();
    std::vector<std::string> classifications;
    for (const auto& classification : policy_->classifications) {
        classifications.push_back(classification.name);
    }
    pqxx::work tx(*worker_, "tierd_ended_pins");
    const auto queued =
        tx.exec_params(queries_.get("pins_expired_queue"),
                       std::chrono::duration<double>(pins_checked_.time_since_epoch()).count(),
                       to_pg_array(classifications));
    tx.commit();
    pins_checked_ = now;
    if (queued.affected_rows() > 0) {
        spdlog::info("pins ended: {} customer(s) queued for the rules", queued.affected_rows());
    }
}

void DaemonLoop::request_drain(DrainMode mode) {
    if (drain_queued_ || !connected_ || stopping_) return;
    drain_queued_ = true;
    asio::post(io_, [this, mode] { drain_step(mode); });
}

// One batch per step, so that signals and wake-ups are handled between batches and a
// SIGTERM never interrupts a batch half way.
void DaemonLoop::drain_step(DrainMode mode) {
    drain_queued_ = false;
    if (!connected_ || stopping_) return;
    try {
        const auto started = std::chrono::steady_clock::now();
        update_pace();
        if (mode == DrainMode::drain && !draining_) set_draining(true);
        const BatchReport report = processor_.run_batch(*worker_, *policy_, settings_.batch_size);
        if (report.claimed > 0) {
            spdlog::debug("batch: {} customers, {} changes, {} dropped", report.claimed,
                          report.changes, report.dropped);
        }
        // Events and the full pass take turns, so a pass over a million customers delays
        // an invoice's reclassification by one chunk at most.
        const bool pass_continues = full_pass_step();
        const bool backlog = report.claimed >= settings_.batch_size;
        if (pace_ == Pace::yielding && (report.claimed > 0 || pass_continues)) {
            // Still draining (so no NOTIFY): the ERP sends no wake-up while it waits.
            resume_after(rest_after(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - started),
                                    settings_.poll_interval, settings_.busy_share));
            return;
        }
        if (backlog) start_helpers();
        if (backlog || pass_continues) {
            request_drain(DrainMode::drain);
            return;
        }
        if (report.claimed > 0) {
            // Still draining (so no NOTIFY), let the next events gather for a moment.
            resume_after(settings_.gather_delay);
            return;
        }
        if (draining_) {
            // Events committed while we held the lock sent no NOTIFY: look once more
            // after letting it go, then rest until a NOTIFY or the poll.
            set_draining(false);
            request_drain(DrainMode::probe);
        }
    } catch (const pqxx::broken_connection& error) {
        on_connection_lost(error);
    } catch (const std::exception& error) {
        if (!worker_->is_open() || !listener_->is_open()) {
            // E.g. the commit was lost with the connection (in doubt): the queue rows are
            // deleted only if the results were written, so reprocessing is safe.
            on_connection_lost(error);
            return;
        }
        // The transaction was rolled back and the events are still queued; retry on the
        // next poll rather than spinning on a failure that will repeat.
        spdlog::error("batch failed and was rolled back, retrying at the next poll: {}",
                      error.what());
        try {
            set_draining(false);
        } catch (const std::exception&) {
        }
    }
}

void DaemonLoop::resume_after(std::chrono::milliseconds delay) {
    drain_queued_ = true;
    gather_timer_.expires_after(delay);
    gather_timer_.async_wait([this](const auto& error) {
        drain_queued_ = false;
        if (!error) request_drain(DrainMode::drain);
    });
}

void DaemonLoop::update_pace() {
    pqxx::nontransaction tx(*worker_, "tierd_load_sample");
    const pqxx::row sample = tx.exec(queries_.get("load_sample"))[0];
    load_.observe(sample[0].as<double>(), std::chrono::steady_clock::now());
    std::optional<std::chrono::milliseconds> oldest_wait;
    if (!sample[1].is_null()) {
        oldest_wait = std::chrono::milliseconds(std::llround(sample[1].as<double>() * 1000));
    }
    const Pace pace = choose_pace(load_.busy(), oldest_wait, settings_.max_lag);
    if (pace == pace_) return;
    const long long max_lag_s =
        std::chrono::duration_cast<std::chrono::seconds>(settings_.max_lag).count();
    if (pace == Pace::yielding && pace_ == Pace::full_speed) {
        spdlog::info(
            "the ERP is busy ({:.1f} ERP sessions at work on average, "
            "--erp-busy-sessions {}): tierd yields, working {:g}% of the time and a batch "
            "at a time, until it quiets down or an event has waited {} s",
            load_.average(), settings_.erp_busy_sessions, settings_.busy_share * 100, max_lag_s);
    } else if (pace == Pace::yielding) {
        spdlog::info("caught up: tierd yields to the busy ERP again");
    } else if (pace == Pace::catching_up) {
        spdlog::warn(
            "an event has waited longer than --max-lag-s {}: tierd catches up at full speed "
            "although the ERP is busy",
            max_lag_s);
    } else {
        spdlog::info(
            "the ERP quieted down ({:.1f} ERP sessions at work on average): "
            "tierd works at full speed again",
            load_.average());
    }
    pace_ = pace;
    metrics_.set_erp_load(pace_ == Pace::yielding, load_.average());
    update_status();
    if (pace_ == Pace::yielding) {
        for (auto& helper : helpers_) helper->ease_off();
    }
}

void DaemonLoop::set_draining(bool draining) {
    if (draining) {
        try {
            pqxx::work tx(*worker_, "tierd_drain_begin");
            tx.exec(queries_.get("drain_begin"));
            tx.commit();
            draining_ = true;
        } catch (const pqxx::sql_error& error) {
            // 55P03: an ERP transaction held the lock past the timeout. Its peers keep
            // sending NOTIFY for a moment; correct, only less quiet. The next batch retries.
            if (error.sqlstate() != "55P03") throw;
            draining_ = false;
        }
    } else {
        pqxx::nontransaction tx(*worker_, "tierd_drain_end");
        tx.exec(queries_.get("drain_end"));
        draining_ = false;
    }
}

void DaemonLoop::on_signal(int signal_number) {
    if (signal_number == SIGHUP) {
        // Before READY=1, a reload is still part of starting.
        if (ready_) notifier_.reloading("reloading the policy (SIGHUP)");
        reload_policy();
        if (ready_) {
            notifier_.ready(fmt::format("policy version {} in force", policy_->version));
            update_status();
        }
        signals_.async_wait([this](const auto& error, int number) {
            if (!error) on_signal(number);
        });
        return;
    }
    spdlog::info("received signal {}, stopping after the batch in flight", signal_number);
    notifier_.stopping("stopping after the batch in flight");
    stopping_ = true;
    heartbeat_timer_.cancel();
    if (endpoint_) endpoint_->stop();
    poll_timer_.cancel();
    gather_timer_.cancel();
    reconnect_timer_.cancel();
    schedule_timer_.cancel();
    if (policy_watcher_) policy_watcher_->stop();
    disconnect();
    io_.stop();
}

void DaemonLoop::start_full_pass(const std::string& source) {
    if (!connected_) return;  // connecting starts one anyway
    if (full_pass_) {
        spdlog::info("re-evaluation ({}) abandoned for a new one ({})", full_pass_->source(),
                     source);
    }
    end_full_pass();
    unfinished_pass_ = source;
    full_pass_ = std::make_shared<FullEvaluation>(settings_.database_uri, plugin_,
                                                  metric_request(*policy_, clock_.now()), source);
    spdlog::info("re-evaluating every customer ({})", source);
    full_pass_began_ = std::chrono::steady_clock::now();
    metrics_.full_pass_started();
    update_status();
    request_drain(DrainMode::drain);
}

bool DaemonLoop::full_pass_step() {
    if (!full_pass_) return false;
    if (!fetching_) {
        // What was read ahead becomes the chunk to evaluate, and the next is read meanwhile.
        if (!full_pass_->has_chunk()) full_pass_->take_fetched();
        if (!full_pass_->has_chunk() && full_pass_->read_all()) {
            finish_full_pass();
            return false;
        }
        if (!full_pass_->has_fetched() && !full_pass_->read_all()) fetch_next_chunk();
    }
    if (!full_pass_->has_chunk()) return false;  // on_chunk_fetched resumes
    full_pass_->process(processor_, *worker_, *policy_, settings_.batch_size);
    return true;
}

void DaemonLoop::fetch_next_chunk() {
    fetching_ = true;
    fetchers_.emplace_back([this, pass = full_pass_, chunk = settings_.full_pass_chunk] {
        std::exception_ptr failure;
        try {
            pass->fetch(chunk);
        } catch (...) {
            failure = std::current_exception();
        }
        asio::post(io_, [this, pass, failure, id = std::this_thread::get_id()] {
            // The thread has nothing left to do but return.
            const auto done = std::find_if(fetchers_.begin(), fetchers_.end(),
                                           [id](const std::thread& t) { return t.get_id() == id; });
            if (done != fetchers_.end()) {
                done->join();
                fetchers_.erase(done);
            }
            on_chunk_fetched(pass, failure);
        });
    });
}

void DaemonLoop::on_chunk_fetched(const std::shared_ptr<FullEvaluation>& pass,
                                  std::exception_ptr failure) {
    if (pass != full_pass_) return;  // abandoned meanwhile
    fetching_ = false;
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const pqxx::broken_connection& error) {
            on_connection_lost(error);
        } catch (const DatabaseError& error) {
            on_connection_lost(error);  // the reader could not connect: the server is away
        } catch (const std::exception& error) {
            spdlog::error("re-evaluation ({}) abandoned, the next one will cover it: {}",
                          full_pass_->source(), error.what());
            end_full_pass();
        }
        return;
    }
    request_drain(DrainMode::drain);
}

void DaemonLoop::finish_full_pass() {
    const BatchReport& report = full_pass_->report();
    spdlog::info(
        "re-evaluated every customer ({}): {} customers, {} evaluated again with fresh "
        "figures, {} changes",
        full_pass_->source(), report.claimed, report.confirmed, report.changes);
    metrics_.full_pass_finished(
        std::chrono::steady_clock::now() - full_pass_began_,
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
    end_full_pass();
    update_status();
}

void DaemonLoop::end_full_pass() {
    if (full_pass_ && fetching_) full_pass_->cancel();
    fetching_ = false;
    if (full_pass_) metrics_.full_pass_abandoned();
    full_pass_.reset();
    unfinished_pass_.reset();
}

void DaemonLoop::start_helpers() {
    for (auto& helper : helpers_) helper->start(policy_);
}

void DaemonLoop::stop_helpers() {
    for (auto& helper : helpers_) helper->stop();
}

bool DaemonLoop::holds_scheduler_lock() {
    pqxx::nontransaction tx(*worker_, "tierd_schedule");
    return tx.exec(queries_.get("scheduler_lock"))[0][0].as<bool>();
}

void DaemonLoop::arm_schedule_timer() {
    schedule_timer_.cancel();
    std::optional<long long> period;
    for (const auto& classification : policy_->classifications) {
        if (!classification.evaluate_every) continue;
        const long long seconds = classification.evaluate_every->approximate_seconds();
        period = period ? std::min(*period, seconds) : seconds;
    }
    if (!period) return;
    schedule_timer_.expires_after(std::chrono::seconds(*period));
    schedule_timer_.async_wait([this](const auto& error) {
        if (error || stopping_) return;
        try {
            // A pass still running (a huge database, a short period) is not restarted.
            if (connected_ && !full_pass_ && holds_scheduler_lock()) start_full_pass("schedule");
        } catch (const pqxx::broken_connection& lost) {
            on_connection_lost(lost);
        }
        arm_schedule_timer();
    });
}

void DaemonLoop::reload_policy() {
    try {
        auto policy = std::make_shared<Policy>(load_policy_file(settings_.policy_path));
        if (policy->content_hash == policy_->content_hash) {
            spdlog::info("policy unchanged (sha256 {})", policy->content_hash.substr(0, 12));
            return;
        }
        plugin_.check_policy(*policy);
        if (connected_) {
            pqxx::read_transaction tx(*worker_, "tierd_policy_check");
            plugin_.check_database(tx, policy.get());
        }
        for (const auto& warning : policy->warnings) spdlog::warn("{}", describe_warning(warning));
        spdlog::info("policy reloaded: version {} (sha256 {})", policy->version,
                     policy->content_hash.substr(0, 12));
        metrics_.set_policy(policy->version, policy->content_hash);
        stop_helpers();
        policy_ = std::move(policy);
        if (connected_) start_full_pass("policy");
        arm_schedule_timer();
    } catch (const std::exception& error) {
        spdlog::error("policy reload refused, version {} stays in force:\n{}", policy_->version,
                      describe_error(error));
        metrics_.count_policy_load_failure();
    }
}

std::chrono::steady_clock::duration DaemonLoop::heartbeat_period() const {
    // At least twice per watchdog timeout, as sd_watchdog_enabled(3) asks, and every second
    // anyway, for /healthz.
    std::chrono::steady_clock::duration period = std::chrono::seconds(1);
    if (const auto timeout = notifier_.watchdog_timeout()) {
        period = std::min<std::chrono::steady_clock::duration>(period, *timeout / 2);
    }
    return period;
}

void DaemonLoop::arm_heartbeat() {
    heartbeat_timer_.expires_after(heartbeat_period());
    heartbeat_timer_.async_wait([this](const auto& error) {
        if (error || stopping_) return;
        last_heartbeat_ = std::chrono::steady_clock::now();
        if (notifier_.watchdog_timeout()) notifier_.keep_alive();
        arm_heartbeat();
    });
}

HealthReport DaemonLoop::health() const {
    if (stopping_) return {false, "stopping"};
    if (!connected_) return {false, unhealthy_reason_};
    // Served by the loop itself, so a stuck loop answers nothing at all; this catches the
    // answer given right after a stall, before the heartbeat came round again.
    const auto silent = std::chrono::steady_clock::now() - last_heartbeat_;
    if (silent > std::max<std::chrono::steady_clock::duration>(std::chrono::seconds(5),
                                                               3 * heartbeat_period())) {
        return {false, fmt::format("the event loop stalled: no heartbeat for {:.1f} s",
                                   std::chrono::duration<double>(silent).count())};
    }
    return {true, {}};
}

std::string DaemonLoop::render_metrics() {
    sample_queue();
    return metrics_.render();
}

void DaemonLoop::sample_queue() {
    // A scrape reads the queue at most every two seconds, whatever the number of scrapers;
    // it is never read per ERP transaction.
    const auto now = std::chrono::steady_clock::now();
    if (!connected_ || now - queue_sampled_ < std::chrono::seconds(2)) return;
    queue_sampled_ = now;
    try {
        pqxx::nontransaction tx(*worker_, "tierd_queue_depth");
        const pqxx::row row = tx.exec(queries_.get("queue_depth"))[0];
        std::optional<double> oldest;
        if (!row[1].is_null()) oldest = row[1].as<double>();
        metrics_.set_queue(row[0].as<size_t>(), oldest);
    } catch (const pqxx::broken_connection& error) {
        on_connection_lost(error);
    } catch (const std::exception& error) {
        spdlog::warn("cannot sample the queue for /metrics: {}", error.what());
        metrics_.forget_queue();
    }
}

void DaemonLoop::update_status() {
    if (!ready_ || stopping_) return;
    std::string status = connected_ ? "connected" : unhealthy_reason_;
    status += fmt::format("; policy version {}", policy_->version);
    if (pace_ == Pace::yielding) status += "; yielding to the busy ERP";
    if (pace_ == Pace::catching_up) status += "; catching up although the ERP is busy";
    if (full_pass_)
        status += fmt::format("; re-evaluating every customer ({})", full_pass_->source());
    notifier_.status(status);
}

}  // namespace tierd
