// Finds which ERP plugin is installed in a database, so the daemon needs no --plugin flag.
#pragma once

#include <filesystem>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "plugin/erp_plugin.hpp"
#include "store/sql_queries.hpp"

namespace tierd {

// The name of the installed plugin, or nullopt when tierd is not installed.
std::optional<std::string> installed_plugin_name(pqxx::transaction_base& tx,
                                                 const SqlQueries& queries);

// Loads the plugin installed in the database and checks the database still fits it;
// PluginError with the install command as hint when tierd is not installed.
ErpPlugin load_installed_plugin(pqxx::transaction_base& tx, const SqlQueries& queries,
                                const std::filesystem::path& plugins_directory);

}  // namespace tierd
