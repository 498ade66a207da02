// The named queries of sql/queries/, read from disk once and kept for the process's life.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace tierd {

class SqlQueries {
  public:
    explicit SqlQueries(std::filesystem::path directory) : directory_(std::move(directory)) {}
    // The text of sql/queries/<name>.sql; throws TierdError if the file is missing.
    const std::string& get(const std::string& name) const;

  private:
    std::filesystem::path directory_;
    mutable std::map<std::string, std::string> loaded_;
};

}  // namespace tierd
