// PostgreSQL array literals for query parameters (libpqxx 6.4 cannot bind vectors).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tierd {

std::string to_pg_array(const std::vector<long long>& values);
// Every element is double-quoted and escaped, so any text is safe.
std::string to_pg_array(const std::vector<std::string>& values);
// As above; an absent element is NULL. Numbers go as text too, cast by the query.
std::string to_pg_array(const std::vector<std::optional<std::string>>& values);

}  // namespace tierd
