// tierctl install / uninstall / show: adding tierd to an ERP database and taking it out.
#include <fmt/chrono.h>

#include <cstdlib>
#include <iostream>
#include <pqxx/transaction>

#include "cli/cli_support.hpp"
#include "cli/customer_reference.hpp"
#include "cli/daemon_config_defaults.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "core/share_dir.hpp"
#include "plugin/installed_plugin.hpp"
#include "store/connection.hpp"
#include "store/schema_installer.hpp"
#include "store/state_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

std::string default_database_uri() {
    return daemon_config_default("db", "TIERD_DB");
}

int command_install(const Arguments& args) {
    po::options_description options("tierctl install");
    options.add_options()("help,h", "show this help")(
        "plugin", po::value<std::string>(), "the ERP: a folder of plugins/ (e.g. tryton)")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "role", po::value<std::string>()->default_value("tierd"),
        "the daemon's database role: created if missing, given the least rights it needs");
    const auto values = parse_options(args, options, {}, "tierctl install");
    if (values.count("help")) {
        std::cout << "usage: tierctl install --plugin ERP --db URI [--role NAME]   (as the "
                     "database's owner)\n"
                  << "example: tierctl install --plugin tryton --db "
                     "postgresql://postgres@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    const auto share = share_dir();
    if (!values.count("plugin")) {
        std::string names;
        for (const auto& name : ErpPlugin::available(share / "plugins")) {
            names += (names.empty() ? "" : ", ") + name;
        }
        throw UsageError("no --plugin given", "available plugins: " + names);
    }
    const ErpPlugin plugin = ErpPlugin::load(share / "plugins", values["plugin"].as<std::string>());
    const SqlQueries queries(share / "sql" / "queries");
    auto connection = open_connection(values["db"].as<std::string>(), "install tierd");
    pqxx::work tx(*connection, "tierd_install");
    tx.exec(queries.get("install_lock"));
    plugin.check_database(tx);
    const std::string database = connection->dbname();
    const auto existing = installed_plugin(tx, queries);
    if (existing && existing->name != plugin.name()) {
        throw PluginError(
            "database '" + database + "' already has tierd installed for " + existing->name,
            "uninstall it first: tierctl uninstall --db <uri>");
    }
    if (existing) refuse_newer_install(*existing, plugin, database);
    const std::string role = values["role"].as<std::string>();
    if (role.empty()) throw UsageError("--role must name a database role");
    const int applied = apply_schema(tx, queries, share / "sql" / "schema");
    if (existing) plugin.upgrade(tx, existing->version);
    plugin.install(tx);
    tx.exec_params(queries.get("plugin_record"), plugin.name(), plugin.version(), role);
    tx.exec_params(queries.get("role_select"), role);
    tx.exec(queries.get("role_create"));
    tx.exec(queries.get("role_grants"));
    plugin.grant(tx);
    tx.commit();
    std::string what = plugin.name() + " plugin version " + std::to_string(plugin.version());
    if (existing && existing->version < plugin.version()) {
        what += " (upgraded from version " + std::to_string(existing->version) + ")";
    }
    std::cout << "tierd installed in database '" << database << "': " << applied
              << " schema file(s) applied, " << what
              << ", triggers in place; run the daemon as role '" << role << "'\n";
    return 0;
}

int command_uninstall(const Arguments& args) {
    po::options_description options("tierctl uninstall");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "purge", "also drop the tierd schema: queue, state and the audit log");
    const auto values = parse_options(args, options, {}, "tierctl uninstall");
    if (values.count("help")) {
        std::cout << "usage: tierctl uninstall --db URI [--purge]\n"
                  << "example: tierctl uninstall --db postgresql://postgres@localhost/erp   "
                     "(keeps the audit log)\n"
                  << options << "\n";
        return 0;
    }
    const auto share = share_dir();
    const SqlQueries queries(share / "sql" / "queries");
    auto connection = open_connection(values["db"].as<std::string>(), "uninstall tierd");
    pqxx::work tx(*connection, "tierd_uninstall");
    tx.exec(queries.get("install_lock"));
    const auto installed = installed_plugin(tx, queries);
    std::optional<std::string> name;
    const bool purge = values.count("purge") > 0;
    if (installed) {
        name = installed->name;
        const ErpPlugin plugin = ErpPlugin::load(share / "plugins", installed->name);
        plugin.uninstall(tx);
        if (!installed->role.empty()) {
            // The role may serve other databases of the cluster: it stays, without rights here.
            tx.exec_params(queries.get("role_select"), installed->role);
            plugin.revoke(tx);
            tx.exec(queries.get("role_revoke"));
        }
        tx.exec(queries.get("plugin_forget"));
    }
    if (purge) tx.exec(queries.get("purge"));
    tx.commit();
    if (!name && !purge) {
        std::cout << "tierd has no plugin installed in database '" << connection->dbname()
                  << "': nothing to do\n";
    } else if (purge) {
        std::cout << "tierd removed from database '" << connection->dbname()
                  << "', its schema and audit log included\n";
    } else {
        std::cout << "tierd's " << *name << " triggers removed from database '"
                  << connection->dbname()
                  << "'; the tierd schema and its audit log are kept (--purge removes them)\n";
    }
    if (installed && !installed->role.empty()) {
        std::cout << "role '" << installed->role
                  << "' has no rights left in this database (the role itself stays: DROP ROLE "
                  << installed->role << " once no database uses it)\n";
    }
    return 0;
}

int command_show(const Arguments& args) {
    po::options_description options("tierctl show");
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI")(
        "customer", po::value<std::string>(), kCustomerHelp);
    po::positional_options_description positional;
    positional.add("customer", 1);
    const auto values = parse_options(args, options, positional, "tierctl show");
    if (values.count("help")) {
        std::cout << "usage: tierctl show CUSTOMER --db URI\n"
                  << "example: tierctl show \"ACME GmbH\" --db postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    if (!values.count("customer"))
        throw UsageError("no customer given", "tierctl show 42 --db URI");
    const InstalledDatabase database(values["db"].as<std::string>(), "read customer tiers");
    pqxx::read_transaction tx(*database.connection);
    const CustomerName customer =
        resolve_customer(tx, *database.plugin, values["customer"].as<std::string>());
    const auto tiers = StateRepository(database.queries).load(tx, {customer.id});
    if (tiers.empty()) {
        std::cout << customer.label() << " has not been classified\n";
        return 0;
    }
    const auto when = [](const std::optional<TimePoint>& time) {
        if (!time) return std::string("?");
        return fmt::format("{:%Y-%m-%d %H:%M} UTC",
                           fmt::gmtime(std::chrono::system_clock::to_time_t(*time)));
    };
    for (const auto& [key, state] : tiers) {
        std::cout << customer.label() << " " << key.second << ": "
                  << state.tier.value_or("(not classified)");
        if (state.tier) std::cout << " since " << when(state.since);
        std::cout << "\n";
        if (state.candidate_tier) {
            std::cout << "  waiting to move to " << *state.candidate_tier << " ("
                      << state.candidate_count << " evaluation(s) since "
                      << when(state.candidate_since) << ")\n";
        }
        if (state.pending_tier) {
            std::cout << "  awaiting approval: move to " << *state.pending_tier << " ("
                      << state.pending_rule << ")\n";
        }
        if (state.pin) {
            std::cout << "  pinned to " << state.pin->tier << " until "
                      << (state.pin->until ? when(state.pin->until) : "removed") << " by "
                      << state.pin->actor << ": " << state.pin->reason << "\n";
        }
    }
    return 0;
}

}  // namespace tierd
