// Reading tierd.installed_plugin.
#include "plugin/installed_plugin.hpp"

#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "store/schema_installer.hpp"

namespace tierd {

std::optional<InstalledPlugin> installed_plugin(pqxx::transaction_base& tx,
                                                const SqlQueries& queries) {
    if (!schema_installed(tx, queries)) return std::nullopt;
    const auto rows = tx.exec(queries.get("plugin_installed"));
    if (rows.empty()) return std::nullopt;
    return InstalledPlugin{rows[0][0].as<std::string>(), rows[0][1].as<int>(),
                           rows[0][2].is_null() ? "" : rows[0][2].as<std::string>()};
}

void refuse_newer_install(const InstalledPlugin& installed, const ErpPlugin& plugin,
                          const std::string& database) {
    if (installed.version <= plugin.version()) return;
    throw PluginError("database '" + database + "' has the " + installed.name +
                          " plugin at version " + std::to_string(installed.version) +
                          ", installed by a newer tierd; this tierd carries version " +
                          std::to_string(plugin.version()),
                      "run the tierd release that installed it, or a newer one");
}

ErpPlugin load_installed_plugin(pqxx::transaction_base& tx, const SqlQueries& queries,
                                const std::filesystem::path& plugins_directory) {
    const std::string database = tx.conn().dbname();
    const auto installed = installed_plugin(tx, queries);
    if (!installed) {
        throw PluginError("tierd is not installed in database '" + database + "'",
                          "run: tierctl install --plugin <erp> --db <uri>");
    }
    ErpPlugin plugin = ErpPlugin::load(plugins_directory, installed->name);
    refuse_newer_install(*installed, plugin, database);
    if (installed->version < plugin.version()) {
        throw PluginError("database '" + database + "' has the " + installed->name +
                              " plugin at version " + std::to_string(installed->version) +
                              "; this tierd needs version " + std::to_string(plugin.version()),
                          "upgrade it (as the database owner): tierctl install --plugin " +
                              installed->name + " --db <uri>");
    }
    plugin.check_database(tx);
    return plugin;
}

}  // namespace tierd
