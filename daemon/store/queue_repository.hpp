// Claims work from tierd.queue: a batch of distinct customers no other daemon holds.
#pragma once

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "store/sql_queries.hpp"

namespace tierd {

struct ClaimedCustomer {
    long long customer_id;
    std::string source;  // why it was queued: event, schedule, start, manual
};

class QueueRepository {
  public:
    explicit QueueRepository(const SqlQueries& queries) : queries_(queries) {}

    // Locks up to `batch_size` customers for this transaction and deletes their queued
    // events (the deletion commits only with the results). Empty when nothing is queued.
    std::vector<ClaimedCustomer> claim(pqxx::transaction_base& tx, size_t batch_size) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
