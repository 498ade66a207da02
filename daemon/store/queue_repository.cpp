// The three steps of a claim: look at the head of the queue, lock, delete.
#include "store/queue_repository.hpp"

#include <map>
#include <pqxx/pqxx>

#include "store/pg_array.hpp"
#include "store/prepared_statement.hpp"

namespace tierd {

namespace {
// Sources in order of precedence when one customer was queued for several reasons.
int precedence(const std::string& source) {
    if (source == "event") return 3;
    if (source == "manual") return 2;
    if (source == "policy") return 1;
    if (source == "schedule") return 1;
    return 0;
}
}  // namespace

std::vector<ClaimedCustomer> QueueRepository::claim(pqxx::transaction_base& tx,
                                                    size_t batch_size) const {
    // Look a little past the batch size: the head often holds one customer several times.
    std::vector<long long> candidates;
    for (const auto& row : exec_prepared_query(tx, queries_, "claim_candidates",
                                               static_cast<long long>(batch_size * 4))) {
        candidates.push_back(row[0].as<long long>());
        if (candidates.size() == batch_size) break;
    }
    if (candidates.empty()) return {};
    const std::vector<long long> locked = lock_customers(tx, candidates);
    if (locked.empty()) return {};
    std::vector<ClaimedCustomer> claimed;
    for (const auto& entry : take_events(tx, locked)) claimed.push_back(entry.second);
    return claimed;
}

std::map<long long, ClaimedCustomer> QueueRepository::take_events(
    pqxx::transaction_base& tx, const std::vector<long long>& customers) const {
    std::map<long long, ClaimedCustomer> sources;
    for (const auto& row :
         exec_prepared_query(tx, queries_, "claim_delete", to_pg_array(customers))) {
        const auto id = row[0].as<long long>();
        const auto source = row[1].as<std::string>();
        auto [entry, inserted] = sources.emplace(id, ClaimedCustomer{id, source, 1});
        if (inserted) continue;
        ++entry->second.events;
        if (precedence(source) > precedence(entry->second.source)) entry->second.source = source;
    }
    return sources;
}

std::vector<long long> QueueRepository::lock_customers(
    pqxx::transaction_base& tx, const std::vector<long long>& customers) const {
    std::vector<long long> locked;
    for (const auto& row :
         exec_prepared_query(tx, queries_, "claim_lock", to_pg_array(customers))) {
        locked.push_back(row[0].as<long long>());
    }
    return locked;
}

}  // namespace tierd
