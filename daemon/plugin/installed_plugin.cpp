// Reading tierd.installed_plugin.
#include "plugin/installed_plugin.hpp"

#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "store/schema_installer.hpp"

namespace tierd {

std::optional<std::string> installed_plugin_name(pqxx::transaction_base& tx,
                                                 const SqlQueries& queries) {
    if (!schema_installed(tx, queries)) return std::nullopt;
    const auto rows = tx.exec(queries.get("plugin_installed"));
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
}

ErpPlugin load_installed_plugin(pqxx::transaction_base& tx, const SqlQueries& queries,
                                const std::filesystem::path& plugins_directory) {
    const auto name = installed_plugin_name(tx, queries);
    if (!name) {
        throw PluginError(
            "tierd is not installed in database '" + std::string(tx.conn().dbname()) + "'",
            "run: tierctl install --plugin <erp> --db <uri>");
    }
    ErpPlugin plugin = ErpPlugin::load(plugins_directory, *name);
    plugin.check_database(tx);
    return plugin;
}

}  // namespace tierd
