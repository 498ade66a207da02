// Finds which ERP plugin is installed in a database, so the daemon needs no --plugin flag,
// and makes sure the installed plugin is the version this tierd carries.
#pragma once

#include <filesystem>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "plugin/erp_plugin.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

struct InstalledPlugin {
    std::string name;
    int version = 0;
    std::string role;  // the daemon's role, empty if installed before it was recorded
};

// What is installed, or nullopt when tierd is not installed.
std::optional<InstalledPlugin> installed_plugin(pqxx::transaction_base& tx,
                                                const SqlQueries& queries);

// Refuses (PluginError) a database whose plugin was installed by a newer tierd: its
// triggers may queue what this tierd does not expect.
void refuse_newer_install(const InstalledPlugin& installed, const ErpPlugin& plugin,
                          const std::string& database);

// Loads the plugin installed in the database and checks the database still fits it and the
// installed version is this tierd's; PluginError with the command to run otherwise.
ErpPlugin load_installed_plugin(pqxx::transaction_base& tx, const SqlQueries& queries,
                                const std::filesystem::path& plugins_directory);

}  // namespace tierd
