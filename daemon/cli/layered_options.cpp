// Layering of settings over Boost.program_options: each layer is stored in precedence order
// (command line, environment, file), and program_options keeps the first value stored.
#include "cli/layered_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/secret_mask.hpp"
#include "policy/closest_match.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

// What a value of `option` must look like, for error hints.
std::string expected_value(const po::option_description& option) {
    const auto* semantic = option.semantic().get();
    if (dynamic_cast<const po::typed_value<size_t>*>(semantic) ||
        dynamic_cast<const po::typed_value<unsigned>*>(semantic)) {
        return "a whole number, 0 or more";
    }
    if (dynamic_cast<const po::typed_value<long>*>(semantic) ||
        dynamic_cast<const po::typed_value<int>*>(semantic)) {
        return "a whole number";
    }
    if (dynamic_cast<const po::typed_value<double>*>(semantic)) return "a number";
    if (dynamic_cast<const po::typed_value<bool>*>(semantic)) return "true or false";
    return "text";
}

std::string value_text(const boost::any& value) {
    if (const auto* text = boost::any_cast<std::string>(&value)) return *text;
    if (const auto* number = boost::any_cast<size_t>(&value)) return std::to_string(*number);
    if (const auto* number = boost::any_cast<long>(&value)) return std::to_string(*number);
    if (const auto* number = boost::any_cast<int>(&value)) return std::to_string(*number);
    if (const auto* number = boost::any_cast<unsigned>(&value)) return std::to_string(*number);
    if (const auto* number = boost::any_cast<double>(&value)) return fmt::format("{}", *number);
    if (const auto* flag = boost::any_cast<bool>(&value)) return *flag ? "true" : "false";
    return "(set)";
}

std::vector<std::string> key_names(const po::options_description& keys) {
    std::vector<std::string> names;
    for (const auto& option : keys.options()) names.push_back(option->long_name());
    return names;
}

// Stores one `key = value` into `values` unless a higher layer set it already; a value the
// option cannot take is refused at `where`.
bool store_one(po::variables_map& values, const po::options_description& all,
               const po::option_description& option, const std::string& value,
               const SourceLocation& where) {
    const std::string& key = option.long_name();
    if (values.count(key) && !values[key].defaulted()) return false;
    po::parsed_options parsed(&all);
    parsed.options.emplace_back(key, std::vector<std::string>{value});
    parsed.options.back().original_tokens = {value};
    try {
        po::store(parsed, values);
    } catch (const po::error&) {
        throw ConfigError(where, "'" + value + "' is not a valid value for " + key,
                          key + " takes " + expected_value(option) + ": " + option.description());
    }
    return true;
}

}  // namespace

std::string environment_name(const std::string& key) {
    std::string name = "TIERD_";
    for (const char c : key) {
        name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

LayeredOptions LayeredOptions::load(const po::options_description& keys,
                                    const po::options_description& all,
                                    const std::vector<std::string>& args,
                                    const std::function<const char*(const char*)>& getenv,
                                    const std::string& default_path) {
    LayeredOptions result;
    result.default_path_ = default_path;
    result.keys_ = &keys;
    try {
        po::store(po::command_line_parser(args).options(all).run(), result.values_);
    } catch (const po::error& error) {
        throw UsageError(error.what(), "see `tierd --help`");
    }
    for (const auto& option : keys.options()) {
        const auto& key = option->long_name();
        if (result.values_.count(key) && !result.values_[key].defaulted()) {
            result.origins_[key] = "command line";
            result.locations_[key] = SourceLocation{"--" + key, 0, 0};
        }
    }
    for (const auto& option : keys.options()) {
        const auto name = environment_name(option->long_name());
        const char* value = getenv(name.c_str());
        if (value == nullptr || *value == '\0') continue;
        const SourceLocation where{"$" + name, 0, 0};
        if (store_one(result.values_, all, *option, value, where)) {
            result.origins_[option->long_name()] = "environment " + name;
            result.locations_[option->long_name()] = where;
        }
    }

    std::string path = default_path;
    bool explicit_path = false;
    if (result.values_.count("config")) {
        path = result.values_["config"].as<std::string>();
        explicit_path = true;
    } else if (const char* chosen = getenv("TIERD_CONFIG"); chosen && *chosen != '\0') {
        // The same variable tierctl reads the daemon's db and policy from.
        path = chosen;
        explicit_path = true;
    }
    std::error_code missing;
    if (explicit_path || std::filesystem::exists(path, missing)) {
        result.config_file_ = path;
        const auto names = key_names(keys);
        for (const auto& entry : read_config_file(path)) {
            const SourceLocation where{path, entry.line, 0};
            const auto* option = keys.find_nothrow(entry.key, false);
            if (option == nullptr) {
                const auto near = closest_match(entry.key, names);
                std::string hint = near ? "did you mean '" + *near + "'? " : "";
                throw ConfigError(
                    where, "unknown key '" + entry.key + "'",
                    hint + "the keys are: " + fmt::format("{}", fmt::join(names, ", ")));
            }
            if (store_one(result.values_, all, *option, entry.value, where)) {
                result.origins_[entry.key] = where.to_string();
                result.locations_[entry.key] = where;
            }
        }
    }
    try {
        po::notify(result.values_);
    } catch (const po::error& error) {
        throw UsageError(error.what(), "see `tierd --help`");
    }
    return result;
}

std::string LayeredOptions::origin(const std::string& key) const {
    const auto found = origins_.find(key);
    return found == origins_.end() ? "default" : found->second;
}

void LayeredOptions::refuse(const std::string& key, const std::string& problem,
                            const std::string& hint) const {
    std::string value;
    if (values_.count(key)) value = mask_passwords(value_text(values_[key].value()));
    const auto found = locations_.find(key);
    if (found == locations_.end() || found->second.line == 0) {
        // A flag or a variable: its own name says where.
        const std::string name = found == locations_.end() ? key : found->second.file;
        throw UsageError(fmt::format("{} {} (given: {})", name, problem, value), hint);
    }
    throw ConfigError(found->second, fmt::format("{} {} (given: {})", key, problem, value), hint);
}

std::string LayeredOptions::describe() const {
    std::vector<std::pair<std::string, std::string>> lines;
    size_t width = 0;
    for (const auto& option : keys_->options()) {
        const auto& key = option->long_name();
        std::string value;
        if (values_.count(key)) value = mask_passwords(value_text(values_[key].value()));
        std::string line = key + " = " + value;
        width = std::max(width, line.size());
        lines.emplace_back(std::move(line), origin(key));
    }
    std::string text =
        "# tierd's effective configuration (config file: " +
        (config_file_.empty() ? "none, " + default_path_ + " does not exist" : config_file_) +
        ")\n";
    for (const auto& [line, from] : lines) {
        text += fmt::format("{:<{}}  # {}\n", line, width, from);
    }
    return text;
}

}  // namespace tierd
