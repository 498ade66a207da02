// Extra hands for a backlog: after downtime or a bulk import, the queue holds more customers
// than a batch takes, and one connection evaluates them on one of the database server's
// cores. A helper claims and evaluates batches alongside the daemon's own, on a thread and a
// connection of its own, for as long as its batches come back full. Under a steady stream
// of events batches are short, so helpers stay idle and cost the ERP nothing.
//
// Helpers share the queue as several daemons do (claims skip what another holds, and each
// customer is locked while evaluated): a customer is never evaluated twice at once.
#pragma once

#include <atomic>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <thread>

#include "pipeline/batch_processor.hpp"

namespace tierd {

class BacklogHelper {
  public:
    BacklogHelper(std::string database_uri, const ErpPlugin& plugin, const SqlQueries& queries,
                  const Clock& clock, std::string actor, size_t batch_size,
                  DaemonMetrics* metrics = nullptr);
    ~BacklogHelper();
    BacklogHelper(const BacklogHelper&) = delete;
    BacklogHelper& operator=(const BacklogHelper&) = delete;

    // Starts working the queue under `policy`, unless already at it (then it carries on,
    // even if told to ease off).
    void start(std::shared_ptr<const Policy> policy);
    // Stops after the batch in flight, without waiting for it: the ERP is busy (see
    // erp_load.hpp). The connection stays open for the next backlog.
    void ease_off() { easing_off_ = true; }
    // Lets the batch in flight commit, then stops; returns when the thread has ended. Its
    // connection is closed: a lost server, a new policy and SIGTERM all start afresh.
    void stop();

  private:
    // The thread: batch after batch until one comes back short, a failure, ease_off() or
    // stop().
    void work(const std::shared_ptr<const Policy>& policy);

    const std::string database_uri_;
    const size_t batch_size_;
    BatchProcessor processor_;
    std::unique_ptr<pqxx::connection> connection_;  // only the thread uses it
    std::thread thread_;
    std::atomic<bool> working_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> easing_off_{false};
};

}  // namespace tierd
