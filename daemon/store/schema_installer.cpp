// Numbered schema files applied once each, recorded in tierd.schema_migration.
#include "store/schema_installer.hpp"

#include <algorithm>
#include <pqxx/except>
#include <pqxx/pqxx>
#include <set>
#include <vector>

#include "core/errors.hpp"
#include "core/sql_file.hpp"

namespace tierd {

namespace {
struct SchemaFile {
    int number;
    std::filesystem::path path;
};

std::vector<SchemaFile> numbered_files(const std::filesystem::path& directory) {
    std::vector<SchemaFile> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".sql" || name.size() < 4 || name[3] != '_') continue;
        files.push_back({std::stoi(name.substr(0, 3)), entry.path()});
    }
    std::sort(files.begin(), files.end(),
              [](const SchemaFile& a, const SchemaFile& b) { return a.number < b.number; });
    return files;
}

std::set<int> applied_numbers(pqxx::transaction_base& tx, const SqlQueries& queries) {
    std::set<int> applied;
    for (const auto& row : tx.exec(queries.get("schema_applied"))) applied.insert(row[0].as<int>());
    return applied;
}
}  // namespace

bool schema_installed(pqxx::transaction_base& tx, const SqlQueries& queries) {
    return tx.exec(queries.get("schema_exists"))[0][0].as<bool>();
}

int apply_schema(pqxx::transaction_base& tx, const SqlQueries& queries,
                 const std::filesystem::path& schema_directory) {
    const auto files = numbered_files(schema_directory);
    if (files.empty() || files.front().number != 0) {
        throw TierdError("no bootstrap file 000_*.sql in " + schema_directory.string());
    }
    tx.exec(read_sql_file(files.front().path));
    const std::set<int> applied = applied_numbers(tx, queries);
    int count = 0;
    for (const auto& file : files) {
        if (file.number == 0 || applied.count(file.number)) continue;
        try {
            tx.exec(read_sql_file(file.path));
        } catch (const pqxx::sql_error& error) {
            throw DatabaseError("cannot apply schema file " + file.path.filename().string(),
                                error.what());
        }
        tx.exec_params(queries.get("schema_record"), file.number, file.path.filename().string());
        ++count;
    }
    return count;
}

void refuse_missing_schema(pqxx::transaction_base& tx, const SqlQueries& queries,
                           const std::filesystem::path& schema_directory) {
    const std::set<int> applied = applied_numbers(tx, queries);
    std::string missing;
    for (const auto& file : numbered_files(schema_directory)) {
        if (file.number == 0 || applied.count(file.number)) continue;
        missing += (missing.empty() ? "" : ", ") + file.path.filename().string();
    }
    if (missing.empty()) return;
    throw PluginError(
        "database '" + std::string(tx.conn().dbname()) +
            "' lacks tierd schema files this tierd needs: " + missing,
        "upgrade it (as the database owner): tierctl install --plugin <erp> --db <uri>");
}

}  // namespace tierd
