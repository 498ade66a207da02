// Lazy loading of named queries.
#include "store/sql_queries.hpp"

#include <pqxx/pqxx>

#include "core/sql_file.hpp"

namespace tierd {

const std::string& SqlQueries::get(const std::string& name) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = loaded_.find(name);
    if (found == loaded_.end()) {
        found = loaded_.emplace(name, read_sql_file(directory_ / (name + ".sql"))).first;
    }
    return found->second;
}

}  // namespace tierd
