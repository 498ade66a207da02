// One batch, one transaction.
#include "pipeline/batch_processor.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <pqxx/transaction>

#include "rules/transition_rules.hpp"

namespace tierd {

BatchReport& BatchReport::operator+=(const BatchReport& other) {
    claimed += other.claimed;
    dropped += other.dropped;
    confirmed += other.confirmed;
    changes += other.changes;
    events += other.events;
    return *this;
}

BatchProcessor::BatchProcessor(const ErpPlugin& plugin, const SqlQueries& queries,
                               const Clock& clock, std::string actor, DaemonMetrics* metrics)
    : plugin_(plugin),
      clock_(clock),
      actor_(std::move(actor)),
      metrics_(metrics),
      queue_(queries),
      state_(queries),
      changes_(plugin, queries) {}

namespace {
std::vector<long long> ids_of(const std::vector<ClaimedCustomer>& customers) {
    std::vector<long long> ids;
    ids.reserve(customers.size());
    for (const auto& customer : customers) ids.push_back(customer.customer_id);
    return ids;
}

size_t events_of(const std::vector<ClaimedCustomer>& customers) {
    size_t events = 0;
    for (const auto& customer : customers) events += customer.events;
    return events;
}

// Which way a change goes for the operator's metrics, in the classification's own sense of
// better (rules/transition_rules.hpp): "initial" for a first classification.
std::string metrics_direction(const Classification& classification,
                              const std::optional<std::string>& from, const std::string& to) {
    if (!from) return "initial";
    const std::string name = direction_name(direction_of(classification, from, to));
    return name.empty() ? "other" : name;
}
}  // namespace

void BatchProcessor::count_committed(BatchKind kind, std::chrono::steady_clock::time_point started,
                                     const BatchReport& report, size_t evaluated) {
    if (metrics_) {
        metrics_->record_batch(kind, std::chrono::steady_clock::now() - started, report.events,
                               evaluated, written_);
    }
    written_.clear();
}

BatchReport BatchProcessor::run_batch(pqxx::connection& connection, const Policy& policy,
                                      size_t batch_size) {
    const auto started = std::chrono::steady_clock::now();
    written_.clear();
    pqxx::work tx(connection, "tierd_batch");
    BatchReport report;
    const auto claimed = queue_.claim(tx, batch_size);
    report.claimed = claimed.size();
    report.events = events_of(claimed);
    const auto live = still_customers(tx, claimed, report);
    if (!live.empty()) {
        const TimePoint now = clock_.now();
        const auto metrics = plugin_.compute_metrics(tx, ids_of(live), metric_request(policy, now));
        evaluate(tx, policy, live, metrics, state_.load(tx, ids_of(live)), now, report);
    }
    tx.commit();
    if (!claimed.empty()) count_committed(BatchKind::queue, started, report, live.size());
    return report;
}

BatchReport BatchProcessor::run_snapshot_batch(pqxx::connection& connection, const Policy& policy,
                                               const std::map<long long, MetricValues>& snapshot,
                                               const std::string& source) {
    const auto started = std::chrono::steady_clock::now();
    written_.clear();
    pqxx::work tx(connection, "tierd_full_pass");
    BatchReport report;
    report.claimed = snapshot.size();
    const TimePoint now = clock_.now();
    std::vector<long long> ids;
    ids.reserve(snapshot.size());
    for (const auto& entry : snapshot) ids.push_back(entry.first);
    const auto states = state_.load(tx, ids);
    std::vector<long long> to_confirm;
    for (const auto& [customer, values] : snapshot) {
        for (const auto& classification : policy.classifications) {
            const auto stored = states.find({customer, classification.name});
            const CustomerState state = stored == states.end() ? CustomerState{} : stored->second;
            if (decide_transition(classification, state, values, now).next != state) {
                to_confirm.push_back(customer);
                break;
            }
        }
    }
    if (!to_confirm.empty()) {
        // A customer another daemon holds is being evaluated there, from fresher data. The
        // fresh evaluation here also covers the customer's queued events: they go with it.
        const auto locked_ids = queue_.lock_customers(tx, to_confirm);
        const auto queued = queue_.take_events(tx, locked_ids);
        std::vector<ClaimedCustomer> locked;
        for (const long long customer : locked_ids) {
            const auto event = queued.find(customer);
            locked.push_back({customer, event == queued.end() ? source : event->second.source});
            if (event != queued.end()) report.events += event->second.events;
        }
        const auto live = still_customers(tx, locked, report);
        // A customer never classified, with no event since the snapshot, is classified from
        // the snapshot's figures: nothing of it changed after the snapshot (every change
        // queues an event, and evaluating a customer stores its state). That is the whole
        // book at the first start, which then needs no second look at every customer.
        const auto known = state_.load(tx, ids_of(live));
        std::vector<ClaimedCustomer> first_seen, changed;
        for (const auto& customer : live) {
            const auto state = known.lower_bound({customer.customer_id, std::string()});
            const bool classified =
                state != known.end() && state->first.first == customer.customer_id;
            (classified || queued.count(customer.customer_id) ? changed : first_seen)
                .push_back(customer);
        }
        report.confirmed = changed.size();
        std::map<long long, MetricValues> metrics;
        if (!changed.empty()) {
            metrics = plugin_.compute_metrics(tx, ids_of(changed), metric_request(policy, now));
        }
        for (const auto& customer : first_seen) {
            metrics.emplace(customer.customer_id, snapshot.at(customer.customer_id));
        }
        // Both kinds in one evaluation, so that the batch's writes are one round.
        std::vector<ClaimedCustomer> evaluated = std::move(first_seen);
        evaluated.insert(evaluated.end(), changed.begin(), changed.end());
        evaluate(tx, policy, evaluated, metrics, known, now, report);
    }
    tx.commit();
    count_committed(BatchKind::full_pass, started, report, report.claimed - report.dropped);
    return report;
}

std::vector<ClaimedCustomer> BatchProcessor::still_customers(
    pqxx::transaction_base& tx, const std::vector<ClaimedCustomer>& candidates,
    BatchReport& report) const {
    if (candidates.empty()) return {};
    const auto existing = plugin_.existing_customers(tx, ids_of(candidates));
    std::vector<ClaimedCustomer> live;
    for (const auto& customer : candidates) {
        if (existing.count(customer.customer_id)) {
            live.push_back(customer);
            continue;
        }
        // Deleted, merged or deactivated while queued: nothing to classify; its events
        // are consumed with this batch and its stored state is kept for the record. A line
        // per customer is for debugging: at info level a busy ERP would flood the journal.
        spdlog::debug(
            "customer {} is not a customer to classify (deleted, merged, inactive or one "
            "of the companies); its queued events are dropped",
            customer.customer_id);
        ++report.dropped;
    }
    return live;
}

void BatchProcessor::evaluate(pqxx::transaction_base& tx, const Policy& policy,
                              const std::vector<ClaimedCustomer>& customers,
                              const std::map<long long, MetricValues>& metrics,
                              const CustomerStates& states, TimePoint now, BatchReport& report) {
    const MetricValues no_values;
    // Written together once every customer is decided: a few statements per batch.
    std::vector<ClassifiedChange> changes;
    std::vector<StateUpdate> updates;
    for (const auto& customer : customers) {
        const auto found = metrics.find(customer.customer_id);
        const MetricValues& values = found == metrics.end() ? no_values : found->second;
        for (const auto& classification : policy.classifications) {
            const auto stored = states.find({customer.customer_id, classification.name});
            const CustomerState state = stored == states.end() ? CustomerState{} : stored->second;
            const Decision decision = decide_transition(classification, state, values, now);
            if (decision.changes_tier()) {
                const bool pinned = decision.kind == Decision::Kind::pinned;
                TierChange change;
                change.customer_id = customer.customer_id;
                change.from_tier = decision.from_tier;
                change.to_tier = decision.to_tier;
                change.rule = pinned ? "pin: " + decision.next.pin->reason : decision.rule;
                change.trigger = pinned ? "manual" : customer.source;
                change.actor = pinned ? decision.next.pin->actor : actor_;
                written_.push_back(
                    {classification.name,
                     metrics_direction(classification, change.from_tier, change.to_tier)});
                changes.push_back({&classification, std::move(change), &values});
                ++report.changes;
            } else if (decision.kind == Decision::Kind::pending_approval &&
                       state.pending_tier != decision.next.pending_tier) {
                spdlog::debug("customer {} {}: {}", customer.customer_id, classification.name,
                              decision.explanation);
            }
            if (decision.next != state) {
                updates.push_back({customer.customer_id, classification.name, decision.next});
            }
        }
    }
    changes_.write_all(tx, policy, changes);
    state_.save_all(tx, updates);
}

}  // namespace tierd
