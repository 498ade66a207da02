// Which audit rows a reviewer asks for: the arguments of tierd.audit_matching
// (sql/schema/008_audit_filter.sql), each unset for "any".
#pragma once

#include <optional>
#include <string>

namespace tierd {

struct AuditFilter {
    std::optional<long long> customer_id;
    std::optional<std::string> classification;
    std::optional<std::string> tier;       // moved from or to
    std::optional<std::string> direction;  // "upgrade" or "downgrade"
    std::optional<std::string> trigger;
    std::optional<std::string> since;       // a day or a time: rows at or after it
    std::optional<std::string> until_date;  // a day: rows up to its end
    std::optional<std::string> until_time;  // a time: rows at or before it
    std::optional<std::string> policy_version;
    std::optional<std::string> actor;  // as recorded, or its part before '@'
};

}  // namespace tierd
