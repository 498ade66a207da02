// Reads and writes of tierd.customer_state and tierd.pin.
#include "store/state_repository.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "store/pg_array.hpp"
#include "store/prepared_statement.hpp"

namespace tierd {

namespace {
std::optional<TimePoint> time_of(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    const auto micros = static_cast<long long>(field.as<double>() * 1e6);
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros)));
}

std::optional<std::string> text_of(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

// Seconds since the Unix epoch, as text that reads back to the same double.
std::optional<std::string> epoch_text(const std::optional<TimePoint>& time) {
    if (!time) return std::nullopt;
    return fmt::format("{}", std::chrono::duration<double>(time->time_since_epoch()).count());
}
}  // namespace

CustomerStates StateRepository::load(pqxx::transaction_base& tx,
                                     const std::vector<long long>& customers) const {
    CustomerStates states;
    const std::string ids = to_pg_array(customers);
    for (const auto& row : exec_prepared_query(tx, queries_, "state_load", ids)) {
        CustomerState& state =
            states[{row["customer_id"].as<long long>(), row["classification"].as<std::string>()}];
        state.tier = row["tier"].as<std::string>();
        state.since = time_of(row["since"]);
        state.candidate_tier = text_of(row["candidate_tier"]);
        state.candidate_count = row["candidate_count"].as<int>();
        state.candidate_since = time_of(row["candidate_since"]);
        state.pending_tier = text_of(row["pending_tier"]);
        state.pending_rule = row["pending_rule"].as<std::string>();
        state.pending_since = time_of(row["pending_since"]);
        state.rejected_tier = text_of(row["rejected_tier"]);
    }
    for (const auto& row : exec_prepared_query(tx, queries_, "pins_load", ids)) {
        CustomerState& state =
            states[{row["customer_id"].as<long long>(), row["classification"].as<std::string>()}];
        state.pin = Pin{row["tier"].as<std::string>(), time_of(row["until"]),
                        row["reason"].as<std::string>(), row["actor"].as<std::string>()};
    }
    return states;
}

void StateRepository::save(pqxx::transaction_base& tx, long long customer,
                           const std::string& classification, const CustomerState& state) const {
    save_all(tx, {{customer, classification, state}});
}

void StateRepository::save_all(pqxx::transaction_base& tx,
                               const std::vector<StateUpdate>& updates) const {
    if (updates.empty()) return;
    std::vector<long long> customers;
    std::vector<std::string> classifications, tiers, pending_rules;
    std::vector<std::optional<std::string>> since, candidate_tiers, candidate_counts,
        candidate_since, pending_tiers, pending_since, rejected_tiers;
    for (const auto& update : updates) {
        const CustomerState& state = update.state;
        customers.push_back(update.customer_id);
        classifications.push_back(update.classification);
        tiers.push_back(*state.tier);
        since.push_back(epoch_text(state.since).value_or("0"));
        candidate_tiers.push_back(state.candidate_tier);
        candidate_counts.push_back(std::to_string(state.candidate_count));
        candidate_since.push_back(epoch_text(state.candidate_since));
        pending_tiers.push_back(state.pending_tier);
        pending_rules.push_back(state.pending_rule);
        pending_since.push_back(epoch_text(state.pending_since));
        rejected_tiers.push_back(state.rejected_tier);
    }
    exec_prepared_query(
        tx, queries_, "state_save", to_pg_array(customers), to_pg_array(classifications),
        to_pg_array(tiers), to_pg_array(since), to_pg_array(candidate_tiers),
        to_pg_array(candidate_counts), to_pg_array(candidate_since), to_pg_array(pending_tiers),
        to_pg_array(pending_rules), to_pg_array(pending_since), to_pg_array(rejected_tiers));
}

}  // namespace tierd
