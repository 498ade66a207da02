// The table line, CSV record and JSON object of an audit row.
#include "cli/audit_row_format.hpp"

#include <fmt/format.h>

#include "cli/csv_cell.hpp"

namespace tierd {

namespace {
nlohmann::json optional_json(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json();
}
}  // namespace

std::string audit_line(const AuditRow& row, const CustomerNames& names) {
    const AuditEntry& entry = row.entry;
    return fmt::format(
        "#{} {} {} {}: {} -> {}{} [{}] by {} | rule: {} | metrics: {} | "
        "policy {} ({})",
        row.seq, row.recorded_at, names.label(entry.customer_id), entry.classification,
        entry.from_tier.value_or("(none)"), entry.to_tier,
        entry.direction.empty() ? "" : " (" + entry.direction + ")", entry.trigger, entry.actor,
        entry.rule, entry.metrics_json, entry.policy_version, entry.policy_hash.substr(0, 12));
}

nlohmann::json audit_json(const AuditRow& row, const CustomerNames& names) {
    const AuditEntry& entry = row.entry;
    return {
        {"seq", row.seq},
        {"recorded_at", row.recorded_at},
        {"customer_id", entry.customer_id},
        {"customer_code", names.code(entry.customer_id)},
        {"customer_name", names.name(entry.customer_id)},
        {"classification", entry.classification},
        {"from_tier", optional_json(entry.from_tier)},
        {"to_tier", entry.to_tier},
        {"direction", entry.direction.empty() ? nlohmann::json() : nlohmann::json(entry.direction)},
        {"trigger", entry.trigger},
        {"actor", entry.actor},
        {"rule", entry.rule},
        {"metrics", nlohmann::json::parse(entry.metrics_json)},
        {"policy_version", entry.policy_version},
        {"policy_hash", entry.policy_hash},
        {"row_hash", row.row_hash}};
}

const char* const kAuditCsvHeader =
    "seq,recorded_at,customer_id,customer_code,customer_name,classification,from_tier,to_tier,"
    "direction,trigger,actor,rule,metrics,policy_version,policy_hash,row_hash";

std::string audit_csv(const AuditRow& row, const CustomerNames& names) {
    const AuditEntry& entry = row.entry;
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", row.seq, row.recorded_at,
                       entry.customer_id, csv_cell(names.code(entry.customer_id)),
                       csv_cell(names.name(entry.customer_id)), csv_cell(entry.classification),
                       csv_cell(entry.from_tier.value_or("")), csv_cell(entry.to_tier),
                       entry.direction, entry.trigger, csv_cell(entry.actor), csv_cell(entry.rule),
                       csv_cell(entry.metrics_json), csv_cell(entry.policy_version),
                       entry.policy_hash, row.row_hash);
}

std::string metric_values_text(const std::string& json_text) {
    const auto json = nlohmann::json::parse(json_text);
    std::string text;
    for (const auto& [key, value] : json.items()) {
        text += (text.empty() ? "" : "; ") + key + " = " +
                (value.is_number() ? fmt::format("{}", value.get<double>()) : value.dump());
    }
    return text.empty() ? "(its rules read none)" : text;
}

}  // namespace tierd
