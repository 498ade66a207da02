// Reads and writes of tierd.customer_state and tierd.pin.
#include "store/state_repository.hpp"

#include <pqxx/pqxx>

#include "store/pg_array.hpp"

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

std::optional<double> epoch_of(const std::optional<TimePoint>& time) {
    if (!time) return std::nullopt;
    return std::chrono::duration<double>(time->time_since_epoch()).count();
}
}  // namespace

CustomerStates StateRepository::load(pqxx::transaction_base& tx,
                                     const std::vector<long long>& customers) const {
    CustomerStates states;
    const std::string ids = to_pg_array(customers);
    for (const auto& row : tx.exec_params(queries_.get("state_load"), ids)) {
        CustomerState& state =
            states[{row["customer_id"].as<long long>(), row["classification"].as<std::string>()}];
        state.tier = row["tier"].as<std::string>();
        state.since = time_of(row["since"]);
        state.candidate_tier = text_of(row["candidate_tier"]);
        state.candidate_count = row["candidate_count"].as<int>();
        state.candidate_since = time_of(row["candidate_since"]);
        state.pending_tier = text_of(row["pending_tier"]);
        state.pending_rule = row["pending_rule"].as<std::string>();
    }
    for (const auto& row : tx.exec_params(queries_.get("pins_load"), ids)) {
        CustomerState& state =
            states[{row["customer_id"].as<long long>(), row["classification"].as<std::string>()}];
        state.pin = Pin{row["tier"].as<std::string>(), time_of(row["until"]),
                        row["reason"].as<std::string>(), row["actor"].as<std::string>()};
    }
    return states;
}

void StateRepository::save(pqxx::transaction_base& tx, long long customer,
                           const std::string& classification, const CustomerState& state) const {
    tx.exec_params(queries_.get("state_save"), customer, classification, *state.tier,
                   epoch_of(state.since).value_or(0), state.candidate_tier, state.candidate_count,
                   epoch_of(state.candidate_since), state.pending_tier, state.pending_rule);
}

}  // namespace tierd
