// Claims work from tierd.queue: a batch of distinct customers no other daemon holds; and
// the per-customer locks that keep two daemons off one customer.
#pragma once

#include <map>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "store/sql_queries.hpp"

namespace tierd {

struct ClaimedCustomer {
    long long customer_id;
    std::string source;  // why it was queued: event, schedule, start, manual
    size_t events = 1;   // how many of its events were queued
};

class QueueRepository {
  public:
    explicit QueueRepository(const SqlQueries& queries) : queries_(queries) {}

    // Locks up to `batch_size` customers for this transaction and deletes their queued
    // events (the deletion commits only with the results). Empty when nothing is queued.
    std::vector<ClaimedCustomer> claim(pqxx::transaction_base& tx, size_t batch_size) const;
    // Deletes the queued events of `customers` (locked by this transaction) and returns,
    // for those that had any, why each was queued, the most telling reason (event before
    // manual, schedule...), and how many events they had.
    std::map<long long, ClaimedCustomer> take_events(pqxx::transaction_base& tx,
                                                     const std::vector<long long>& customers) const;
    // Of `customers`, those this transaction could lock (no other daemon is evaluating
    // them); the locks are held until the transaction ends.
    std::vector<long long> lock_customers(pqxx::transaction_base& tx,
                                          const std::vector<long long>& customers) const;

  private:
    const SqlQueries& queries_;
};

}  // namespace tierd
