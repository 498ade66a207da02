// Installs the tierd schema (sql/schema/NNN_*.sql) into an ERP database, each numbered file
// once, in order, so that later versions of tierd add files instead of editing old ones.
#pragma once

#include <filesystem>
#include <pqxx/transaction_base>

#include "store/sql_queries.hpp"

namespace tierd {

// Applies the schema files not yet applied; returns how many were applied.
int apply_schema(pqxx::transaction_base& tx, const SqlQueries& queries,
                 const std::filesystem::path& schema_directory);

bool schema_installed(pqxx::transaction_base& tx, const SqlQueries& queries);

// Refuses (PluginError, with the command to run) a database that lacks schema files of
// `schema_directory`: installed by an older tierd, whose daemon would call what is missing.
void refuse_missing_schema(pqxx::transaction_base& tx, const SqlQueries& queries,
                           const std::filesystem::path& schema_directory);

}  // namespace tierd
