// The helper's thread and its connection.
#include "pipeline/backlog_helper.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "store/connection.hpp"

namespace tierd {

BacklogHelper::BacklogHelper(std::string database_uri, const ErpPlugin& plugin,
                             const SqlQueries& queries, const Clock& clock, std::string actor,
                             size_t batch_size, DaemonMetrics* metrics)
    : database_uri_(std::move(database_uri)),
      batch_size_(batch_size),
      processor_(plugin, queries, clock, std::move(actor), metrics) {}

BacklogHelper::~BacklogHelper() {
    stop();
}

void BacklogHelper::start(std::shared_ptr<const Policy> policy) {
    easing_off_ = false;
    if (working_) return;
    // The last run has ended (working_ is cleared last thing): joining only reaps it.
    if (thread_.joinable()) thread_.join();
    stopping_ = false;
    working_ = true;
    thread_ = std::thread([this, policy = std::move(policy)] { work(policy); });
}

void BacklogHelper::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    connection_.reset();
}

void BacklogHelper::work(const std::shared_ptr<const Policy>& policy) {
    try {
        if (!connection_) {
            auto connection = open_connection(database_uri_, "help with a backlog");
            prepare_daemon_session(*connection, "tierd backlog helper");
            plan_for_small_batches(*connection);
            connection_ = std::move(connection);
        }
        while (!stopping_ && !easing_off_) {
            const BatchReport report = processor_.run_batch(*connection_, *policy, batch_size_);
            spdlog::debug("backlog helper batch: {} customers, {} changes, {} dropped",
                          report.claimed, report.changes, report.dropped);
            if (report.claimed < batch_size_) break;
        }
    } catch (const std::exception& error) {
        // The batch was rolled back and its events are still queued; the daemon's own
        // connection takes them, and reconnects if the server went away.
        spdlog::warn("backlog helper stopped, the daemon carries on without it: {}", error.what());
        connection_.reset();
    }
    working_ = false;
}

}  // namespace tierd
