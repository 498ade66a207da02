// Processes one batch of queued customers in one transaction: claim, compute metrics,
// decide, write the ERP fields, the state and the audit rows, delete the queue rows, commit.
// A crash anywhere before the commit leaves everything as it was, the queue included.
#pragma once

#include <pqxx/connection>
#include <string>

#include "core/clock.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "plugin/erp_plugin.hpp"
#include "policy/policy.hpp"
#include "rules/transition_rules.hpp"
#include "store/queue_repository.hpp"
#include "store/state_repository.hpp"

namespace tierd {

struct BatchReport {
    size_t claimed = 0;  // customers taken from the queue
    size_t dropped = 0;  // of which no longer exist in the ERP
    size_t changes = 0;  // tier changes applied (= audit rows written)
};

class BatchProcessor {
  public:
    BatchProcessor(const ErpPlugin& plugin, const SqlQueries& queries, const Clock& clock,
                   std::string actor);

    BatchReport run_batch(pqxx::connection& connection, const Policy& policy, size_t batch_size);

  private:
    const ErpPlugin& plugin_;
    const Clock& clock_;
    std::string actor_;
    QueueRepository queue_;
    StateRepository state_;
    TierChangeWriter changes_;
};

}  // namespace tierd
