// The error hierarchy of tierd: every error says what was attempted, where, and how to fix it.
// Errors are thrown deep and caught once at the edge (main of tierd / tierctl).
#pragma once

#include <stdexcept>
#include <string>

namespace tierd {

// A position in a file a person wrote (1-based line and column; 0 means unknown).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    std::string to_string() const;
};

// Base of all tierd errors; `hint` tells the reader how to fix the problem, when we know.
class TierdError : public std::runtime_error {
  public:
    explicit TierdError(const std::string& message, std::string hint = {})
        : std::runtime_error(message), hint_(std::move(hint)) {}
    const std::string& hint() const { return hint_; }

  private:
    std::string hint_;
};

// A mistake in a policy file, pinned to file:line:column.
class PolicyError : public TierdError {
  public:
    PolicyError(SourceLocation where, const std::string& message, std::string hint = {})
        : TierdError(message, std::move(hint)), where_(std::move(where)) {}
    const SourceLocation& where() const { return where_; }

  private:
    SourceLocation where_;
};

// A database operation that failed; `purpose` says what tierd was trying to do.
class DatabaseError : public TierdError {
  public:
    DatabaseError(const std::string& purpose, const std::string& cause, std::string hint = {})
        : TierdError(purpose + ": " + cause, std::move(hint)) {}
};

// An ERP plugin that is missing, incomplete, or does not fit the database.
class PluginError : public TierdError {
  public:
    using TierdError::TierdError;
};

// A command line or configuration value that cannot be used.
class UsageError : public TierdError {
  public:
    using TierdError::TierdError;
};

// A mistake in a configuration file or variable, pinned to file:line (or to the variable's name).
class ConfigError : public UsageError {
  public:
    ConfigError(SourceLocation where, const std::string& message, std::string hint = {})
        : UsageError(message, std::move(hint)), where_(std::move(where)) {}
    const SourceLocation& where() const { return where_; }

  private:
    SourceLocation where_;
};

// Renders an error for a person: "error: <where>: <message>" plus a "HINT:" line if any.
std::string describe_error(const std::exception& error);

}  // namespace tierd
