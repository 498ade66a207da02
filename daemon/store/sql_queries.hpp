// The named queries of sql/queries/, read from disk once and kept for the process's life.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>

namespace tierd {

class SqlQueries {
  public:
    explicit SqlQueries(std::filesystem::path directory) : directory_(std::move(directory)) {}
    // The text of sql/queries/<name>.sql; throws TierdError if the file is missing. Safe to
    // call from several threads (the daemon's backlog helpers).
    const std::string& get(const std::string& name) const;

  private:
    std::filesystem::path directory_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::string> loaded_;  // entries stay where they are
};

}  // namespace tierd
