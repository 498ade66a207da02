// The daemon's settings from three layers: the config file, the environment (TIERD_<KEY>)
// and the command line, later layers winning, with where each value came from.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/config_file.hpp"
#include "core/errors.hpp"

namespace tierd {

constexpr const char* kDefaultConfigPath = "/etc/tierd/tierd.conf";

// The environment variable of a key: TIERD_ and the key in capitals, '-' as '_'.
std::string environment_name(const std::string& key);

class LayeredOptions {
  public:
    // `keys` declares every setting (each is a config key and a TIERD_<KEY> variable);
    // `all` is `keys` plus the command-line-only flags, among them `config`: the file to
    // read, which must exist (else $TIERD_CONFIG, which must too); without either
    // `default_path` is read if it exists. `getenv`
    // reads the environment (std::getenv, or a test's own).
    static LayeredOptions load(const boost::program_options::options_description& keys,
                               const boost::program_options::options_description& all,
                               const std::vector<std::string>& args,
                               const std::function<const char*(const char*)>& getenv,
                               const std::string& default_path = kDefaultConfigPath);

    const boost::program_options::variables_map& values() const { return values_; }
    // Where `key`'s value came from: "default", "command line", "environment TIERD_X" or
    // "FILE:LINE".
    std::string origin(const std::string& key) const;
    // The file read, if any ("" when the default file is missing).
    const std::string& config_file() const { return config_file_; }

    // Throws an error about `key`'s value naming where it came from: "FILE:LINE: key ...",
    // "--key ..." or "$TIERD_KEY ...", then `problem` and the value given.
    [[noreturn]] void refuse(const std::string& key, const std::string& problem,
                             const std::string& hint = {}) const;

    // The effective settings as a config file, secrets masked, each line saying its origin.
    std::string describe() const;

  private:
    const boost::program_options::options_description* keys_ = nullptr;
    boost::program_options::variables_map values_;
    std::map<std::string, std::string> origins_;
    std::map<std::string, SourceLocation> locations_;
    std::string config_file_;
    std::string default_path_;
};

}  // namespace tierd
