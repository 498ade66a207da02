// Evaluates customers in batches, one transaction per batch: compute their metrics set-based,
// decide each classification, write the ERP fields, the state and the audit rows, commit.
// Two kinds of batch: customers claimed from tierd.queue (their events are deleted with the
// results), and a chunk of a full pass (see full_evaluation.hpp). A crash anywhere before
// the commit leaves everything as it was, the queue included.
#pragma once

#include <map>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "pipeline/daemon_metrics.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/policy.hpp"
#include "rules/transition_rules.hpp"
#include "store/queue_repository.hpp"
#include "store/state_repository.hpp"

namespace tierd {

struct BatchReport {
    size_t claimed = 0;    // customers taken from the queue, or read from a full pass
    size_t dropped = 0;    // of which no longer exist in the ERP
    size_t confirmed = 0;  // full pass: customers evaluated again with fresh metrics
    size_t changes = 0;    // tier changes applied (= audit rows written)
    size_t events = 0;     // queued events consumed

    BatchReport& operator+=(const BatchReport& other);
};

class BatchProcessor {
  public:
    // Committed batches are counted in `metrics`, if given.
    BatchProcessor(const ErpPlugin& plugin, const SqlQueries& queries, const Clock& clock,
                   std::string actor, DaemonMetrics* metrics = nullptr);

    // Claims up to `batch_size` queued customers and evaluates them.
    BatchReport run_batch(pqxx::connection& connection, const Policy& policy, size_t batch_size);

    // Evaluates the customers of a full pass from metrics read in an earlier snapshot. Most
    // customers' state does not change and nothing is written for them; the others are
    // locked and evaluated again with fresh metrics, because an invoice committed after the
    // snapshot must not be overruled by the snapshot's older figures (except customers
    // never classified and without events, for whom the snapshot is still the truth).
    BatchReport run_snapshot_batch(pqxx::connection& connection, const Policy& policy,
                                   const std::map<long long, MetricValues>& snapshot,
                                   const std::string& source);

  private:
    // Decides every classification of `customers` (locked by this transaction) and writes
    // what changed; `metrics` holds their fresh values, `states` where they stood (read
    // under the lock).
    void evaluate(pqxx::transaction_base& tx, const Policy& policy,
                  const std::vector<ClaimedCustomer>& customers,
                  const std::map<long long, MetricValues>& metrics, const CustomerStates& states,
                  TimePoint now, BatchReport& report);
    // Of `candidates`, those that may still be classified; logs the others as dropped.
    std::vector<ClaimedCustomer> still_customers(pqxx::transaction_base& tx,
                                                 const std::vector<ClaimedCustomer>& candidates,
                                                 BatchReport& report) const;

    // Counts a batch that committed, with the changes evaluate() wrote.
    void count_committed(BatchKind kind, std::chrono::steady_clock::time_point started,
                         const BatchReport& report, size_t evaluated);

    const ErpPlugin& plugin_;
    const Clock& clock_;
    std::string actor_;
    DaemonMetrics* metrics_;
    std::vector<DaemonMetrics::Change> written_;  // by the batch in progress
    QueueRepository queue_;
    StateRepository state_;
    TierChangeWriter changes_;
};

}  // namespace tierd
