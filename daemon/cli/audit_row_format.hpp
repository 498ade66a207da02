// How an audit row reads for people and programs: one line of a table, a CSV record, a JSON
// object; shared by `tierctl audit` and `tierctl explain` so a row looks the same in both.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "plugin/customer_names.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

// "#7 2026-12-03 ... Cove (4, id 4) value_tier: B -> A (upgrade) [event] by ... | rule: ..."
std::string audit_line(const AuditRow& row, const CustomerNames& names);
nlohmann::json audit_json(const AuditRow& row, const CustomerNames& names);
// The header of audit_csv's records.
extern const char* const kAuditCsvHeader;
std::string audit_csv(const AuditRow& row, const CustomerNames& names);

// Metric values as JSON text ({"revenue(365d)": 120000}) as a sentence reads them:
// "revenue(365d) = 120000; overdue_amount = 0".
std::string metric_values_text(const std::string& json_text);

}  // namespace tierd
