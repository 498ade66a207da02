// Opening an installed database for tierctl's read commands.
#include "cli/installed_database.hpp"

#include <pqxx/transaction>

#include "core/share_dir.hpp"
#include "plugin/installed_plugin.hpp"
#include "store/connection.hpp"

namespace tierd {

InstalledDatabase::InstalledDatabase(const std::string& uri, const std::string& purpose)
    : share(share_dir()),
      queries(share / "sql" / "queries"),
      connection(open_connection(uri, purpose)) {
    pqxx::read_transaction tx(*connection);
    plugin = load_installed_plugin(tx, queries, share / "plugins");
}

}  // namespace tierd
