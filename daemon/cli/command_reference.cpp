// tierctl reference: the reference tables of the documentation (metrics, policy keys, plugin
// manifest, files and fields), printed as Markdown from the declarations the program checks
// against, so the docs cannot drift from it (tools/gen-reference.sh writes them in).
#include <iostream>
#include <string>

#include "cli/cli_support.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/comma_list.hpp"
#include "core/errors.hpp"
#include "core/share_dir.hpp"
#include "plugin/erp_plugin.hpp"
#include "plugin/plugin_manifest.hpp"
#include "policy/attribute_catalogue.hpp"
#include "policy/metric_catalogue.hpp"
#include "policy/policy_keys.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

// A table cell: a `|` would end it.
std::string cell(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string code(const std::string& text) {
    return "`" + text + "`";
}

void print_metrics() {
    std::cout << "| metric | unit | meaning |\n| --- | --- | --- |\n";
    for (const auto& metric : metric_catalogue()) {
        std::cout << "| " << code(metric.name + (metric.windowed ? "(window)" : "")) << " | "
                  << metric.unit << " | " << cell(metric.description) << " |\n";
    }
}

void print_attributes() {
    std::cout << "| attribute | value | meaning |\n| --- | --- | --- |\n";
    for (const auto& attribute : attribute_catalogue()) {
        std::cout << "| " << code(attribute.name) << " | "
                  << (attribute.kind == "text" ? "a text"
                                               : "names, read with `has_category(\"...\")`")
                  << " | " << cell(attribute.description) << " |\n";
    }
}

void print_policy_keys() {
    std::cout << "| in | key | required | value | meaning |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& mapping : policy_mappings()) {
        for (const auto& key : mapping.keys) {
            std::cout << "| " << mapping.title << " | " << code(key.name) << " | "
                      << (key.required ? "yes" : "no") << " | " << cell(key.value) << " | "
                      << cell(key.description) << " |\n";
        }
    }
}

void print_manifest_keys() {
    std::cout << "| in | key | required | value | meaning |\n| --- | --- | --- | --- | --- |\n";
    const auto rows = [](const char* where, const std::vector<ManifestKeySpec>& keys) {
        for (const auto& key : keys) {
            std::cout << "| " << where << " | " << code(key.name) << " | "
                      << (key.required ? "yes" : "no") << " | " << cell(key.value) << " | "
                      << cell(key.description) << " |\n";
        }
    };
    rows("plugin.yaml", manifest_keys());
    rows("a field of `fields`", manifest_field_keys());
}

void print_plugin_files() {
    std::cout << "| file | what it does | parameters, result |\n| --- | --- | --- |\n";
    for (const auto& file : plugin_files()) {
        std::cout << "| " << code(file.path) << " | " << cell(file.description) << " | "
                  << cell(file.parameters) << " |\n";
    }
}

void print_plugin_fields(const ErpPlugin& plugin) {
    std::cout << "| field | value | module | written to |\n| --- | --- | --- | --- |\n";
    for (const auto& [name, field] : plugin.fields()) {
        std::cout << "| " << code(name) << " | "
                  << (field.kind == "amount" ? "an amount, e.g. `50000`" : "a record's name")
                  << " | " << (field.module.empty() ? "" : code(field.module)) << " | "
                  << cell(field.writes) << " |\n";
    }
}

const char* const kTopics =
    "metrics, attributes, policy-keys, plugin-manifest, plugin-files, plugin-fields";

}  // namespace

int command_reference(const Arguments& args) {
    po::options_description options("tierctl reference");
    options.add_options()("help,h", "show this help")("topic", po::value<std::string>(), kTopics)(
        "plugin", po::value<std::string>(), "the ERP plugin, for plugin-fields");
    po::positional_options_description positional;
    positional.add("topic", 1);
    const auto values = parse_options(args, options, positional, "tierctl reference");
    if (values.count("help")) {
        std::cout << "usage: tierctl reference TOPIC [--plugin ERP]   (TOPIC: " << kTopics << ")\n"
                  << "example: tierctl reference metrics --plugin tryton\n"
                  << options << "\n";
        return 0;
    }
    if (!values.count("topic")) {
        throw UsageError("no topic given", std::string("topics: ") + kTopics);
    }
    const std::string topic = values["topic"].as<std::string>();
    if (topic == "metrics") {
        print_metrics();
    } else if (topic == "attributes") {
        print_attributes();
    } else if (topic == "policy-keys") {
        print_policy_keys();
    } else if (topic == "plugin-manifest") {
        print_manifest_keys();
    } else if (topic == "plugin-files") {
        print_plugin_files();
    } else if (topic == "plugin-fields") {
        if (!values.count("plugin")) {
            throw UsageError("plugin-fields needs --plugin",
                             "tierctl reference plugin-fields "
                             "--plugin tryton");
        }
        print_plugin_fields(
            ErpPlugin::load(share_dir() / "plugins", values["plugin"].as<std::string>()));
    } else {
        throw UsageError("unknown topic '" + topic + "'", std::string("topics: ") + kTopics);
    }
    return 0;
}

}  // namespace tierd
