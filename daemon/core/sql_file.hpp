// Reads one .sql file of the project; all SQL lives in sql/ and plugins/, never in C++ literals.
#pragma once

#include <filesystem>
#include <string>

namespace tierd {

// The text of an SQL file; throws TierdError naming the file when it cannot be read.
std::string read_sql_file(const std::filesystem::path& path);

}  // namespace tierd
