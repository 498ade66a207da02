// What every tierctl command that reads an installed ERP database starts with: the data
// files, a connection, and a check that tierd is installed there.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <string>

#include "plugin/erp_plugin.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

struct InstalledDatabase {
    // Connects to `uri` (errors say "cannot <purpose>") and checks, in a short read-only
    // transaction, that tierd and a plugin fitting the database are installed.
    InstalledDatabase(const std::string& uri, const std::string& purpose);

    std::filesystem::path share;
    SqlQueries queries;
    std::unique_ptr<pqxx::connection> connection;
    std::optional<ErpPlugin> plugin;  // the plugin installed there
};

}  // namespace tierd
