// Loading a plugin folder and running its SQL.
#include "plugin/erp_plugin.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <limits>
#include <pqxx/except>
#include <pqxx/pqxx>
#include <regex>

#include "core/comma_list.hpp"
#include "core/errors.hpp"
#include "core/sql_file.hpp"
#include "plugin/batch_metric_query.hpp"
#include "plugin/metric_rows.hpp"
#include "plugin/plugin_manifest.hpp"
#include "policy/attribute_catalogue.hpp"
#include "policy/closest_match.hpp"
#include "store/pg_array.hpp"
#include "store/prepared_statement.hpp"

namespace tierd {

namespace {
// "a" or "an" before a name, by its first letter ("an Odoo 17", "a Tryton 6.0"): good
// enough for the ERPs' names, which are read as spelt.
std::string with_article(const std::string& name) {
    const bool vowel =
        !name.empty() && std::string("aeiouAEIOU").find(name[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + name;
}

// Refuses (PluginError) a mapping of the manifest with a key `allowed` does not declare,
// or without one it requires.
void check_manifest_keys(const YAML::Node& map, const std::vector<ManifestKeySpec>& allowed,
                         const std::string& what, const std::filesystem::path& manifest) {
    const std::string where = "broken plugin manifest " + manifest.string() + ": ";
    if (!map.IsMap()) throw PluginError(where + what + " must be a mapping of `key: value` lines");
    std::vector<std::string> names;
    for (const auto& spec : allowed) names.emplace_back(spec.name);
    for (const auto& entry : map) {
        const std::string key = entry.first.Scalar();
        if (std::find(names.begin(), names.end(), key) == names.end()) {
            throw PluginError(where + "unknown key `" + key + "` in " + what,
                              "allowed keys are: " + comma_list(names));
        }
    }
    for (const auto& spec : allowed) {
        if (spec.required && !map[spec.name]) {
            throw PluginError(where + what + " is missing the key `" + spec.name + "`");
        }
    }
}

// The form of metrics.sql that batches run (see batch_metric_query.hpp).
const char* const kBatchMetrics = "metrics.sql (batches)";

// The statements each batch runs are prepared, under the name of their file.
template <typename... Args>
pqxx::result exec_plugin_statement(pqxx::transaction_base& tx, const std::string& file,
                                   const std::string& sql, Args&&... args) {
    return exec_prepared_statement(tx, "tierd plugin " + file, sql, std::forward<Args>(args)...);
}

}  // namespace

std::vector<std::string> ErpPlugin::available(const std::filesystem::path& plugins_directory) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(plugins_directory, error)) {
        if (std::filesystem::exists(entry.path() / "plugin.yaml")) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

ErpPlugin ErpPlugin::load(const std::filesystem::path& plugins_directory, const std::string& name) {
    ErpPlugin plugin;
    plugin.directory_ = plugins_directory / name;
    const auto manifest_path = plugin.directory_ / "plugin.yaml";
    if (name.empty() || name.find('/') != std::string::npos ||
        !std::filesystem::exists(manifest_path)) {
        throw PluginError("unknown ERP plugin '" + name + "'",
                          "available plugins: " + comma_list(available(plugins_directory)));
    }
    try {
        const YAML::Node manifest = YAML::LoadFile(manifest_path.string());
        check_manifest_keys(manifest, manifest_keys(), "the manifest", manifest_path);
        plugin.name_ = manifest["name"].as<std::string>();
        plugin.version_ = manifest["version"].as<int>();
        plugin.erp_ = manifest["erp"].as<std::string>();
        plugin.required_modules_ = manifest["required_modules"].as<std::vector<std::string>>();
        for (const auto& target : manifest["targets"].as<std::vector<std::string>>()) {
            plugin.targets_.insert(target);
        }
        for (const auto& metric : manifest["metrics"].as<std::vector<std::string>>()) {
            plugin.metrics_.insert(metric);
        }
        if (const auto attributes = manifest["attributes"]) {
            for (const auto& attribute : attributes.as<std::vector<std::string>>()) {
                if (!find_attribute(attribute)) {
                    throw PluginError("broken plugin manifest " + manifest_path.string() +
                                          ": `attributes` names `" + attribute +
                                          "`, which is no attribute of tierd's",
                                      "attributes: " + comma_list(attribute_names()));
                }
                plugin.attributes_.insert(attribute);
            }
        }
        if (const auto fields = manifest["fields"]; fields && !fields.IsMap()) {
            throw PluginError("broken plugin manifest " + manifest_path.string() +
                              ": `fields` must be a mapping of field: {kind, module, writes}");
        }
        for (const auto& entry : manifest["fields"]) {
            const std::string field = entry.first.Scalar();
            check_manifest_keys(entry.second, manifest_field_keys(), "field `" + field + "`",
                                manifest_path);
            PluginField spec;
            spec.kind = entry.second["kind"].as<std::string>();
            if (const auto module = entry.second["module"]) spec.module = module.as<std::string>();
            spec.writes = entry.second["writes"].as<std::string>();
            plugin.fields_[field] = spec;
        }
    } catch (const YAML::Exception& error) {
        throw PluginError("broken plugin manifest " + manifest_path.string() + ": " + error.what());
    }
    for (const auto& file : plugin_files()) {
        if (!file.per_entry) plugin.sql_[file.path] = read_sql_file(plugin.directory_ / file.path);
    }
    plugin.sql_[kBatchMetrics] = batch_metric_query(plugin.sql_.at("metrics.sql"),
                                                    (plugin.directory_ / "metrics.sql").string());
    for (const auto& [field, spec] : plugin.fields_) {
        const std::string& kind = spec.kind;
        if (kind != "amount" && kind != "name") {
            throw PluginError("broken plugin manifest " + manifest_path.string() + ": field `" +
                                  field + "` has kind `" + kind + "`",
                              "kinds: amount, name");
        }
        const std::string file = "fields/" + field + ".sql";
        plugin.sql_[file] = read_sql_file(plugin.directory_ / file);
        if (kind == "name") {
            const std::string names = "fields/" + field + ".names.sql";
            plugin.sql_[names] = read_sql_file(plugin.directory_ / names);
        }
    }
    if (!plugin.attributes_.empty()) {
        plugin.sql_["attributes.sql"] = read_sql_file(plugin.directory_ / "attributes.sql");
    }
    if (plugin.attributes_.count(kCategoriesAttribute)) {
        plugin.sql_["categories.sql"] = read_sql_file(plugin.directory_ / "categories.sql");
    }
    for (const auto& target : plugin.targets_) {
        const std::string file = "targets/" + target + ".sql";
        plugin.sql_[file] = read_sql_file(plugin.directory_ / file);
    }
    return plugin;
}

const std::string& ErpPlugin::sql(const std::string& relative_path) const {
    return sql_.at(relative_path);
}

void ErpPlugin::check_database(pqxx::transaction_base& tx, const Policy* policy) const {
    const std::string database = tx.conn().dbname();
    if (!tx.exec(sql("detect.sql"))[0][0].as<bool>()) {
        throw PluginError("database '" + database + "' is not " + with_article(erp_) + " database",
                          "point --db at the ERP's database, or choose another --plugin");
    }
    std::vector<std::string> modules = required_modules_;
    if (policy) {
        // The modules behind the fields the policy writes: refused now, not at the first write.
        for (const auto& classification : policy->classifications) {
            for (const auto& tier : classification.tiers) {
                for (const auto& value : tier.set) {
                    const auto field = fields_.find(value.field);
                    if (field != fields_.end() && !field->second.module.empty()) {
                        modules.push_back(field->second.module);
                    }
                }
            }
        }
    }
    std::vector<std::string> missing;
    for (const auto& row : tx.exec_params(sql("modules_missing.sql"), to_pg_array(modules))) {
        missing.push_back(row[0].as<std::string>());
    }
    if (!missing.empty()) {
        throw PluginError("database '" + database + "' lacks the " + name_ +
                              " modules tierd reads: " + comma_list(missing),
                          "activate them in " + name_ + " first");
    }
    std::vector<std::string> absent;
    for (const auto& row : tx.exec(sql("schema_missing.sql"))) {
        absent.push_back(row[0].as<std::string>());
    }
    if (!absent.empty()) {
        throw PluginError("database '" + database + "' is " + with_article(name_) +
                              " database of a version this plugin does not support: it lacks " +
                              comma_list(absent),
                          "the " + name_ + " plugin supports " + erp_);
    }
    if (policy) {
        check_company(tx, *policy);
        check_named_values(tx, *policy);
        check_categories(tx, *policy);
    }
}

void ErpPlugin::check_categories(pqxx::transaction_base& tx, const Policy& policy) const {
    if (!attributes_.count(kCategoriesAttribute)) return;
    std::vector<std::string> classifications;
    for (const auto& classification : policy.classifications) {
        classifications.push_back(classification.name);
    }
    std::vector<std::string> existing;
    for (const auto& row : tx.exec_params(sql("categories.sql"), to_pg_array(classifications))) {
        existing.push_back(row[0].as<std::string>());
    }
    for (const auto& classification : policy.classifications) {
        for (const auto& tier : classification.tiers) {
            if (!tier.when) continue;
            std::set<std::string> attributes, categories;
            tier.when->collect_attributes(attributes, categories);
            for (const auto& category : categories) {
                if (std::find(existing.begin(), existing.end(), category) != existing.end()) {
                    continue;
                }
                const auto suggestion = closest_match(category, existing);
                throw PolicyError(
                    tier.where,
                    "tier `" + tier.name + "` reads has_category(\"" + category +
                        "\"), but the database has no category \"" + category + "\"" +
                        (suggestion ? " — did you mean \"" + *suggestion + "\"?" : ""),
                    existing.empty() ? "the customers have no categories of their own yet"
                                     : "write the category's full name, as the ERP shows it "
                                       "(parent / child)");
            }
        }
    }
}

void ErpPlugin::check_company(pqxx::transaction_base& tx, const Policy& policy) const {
    const auto names = companies(tx);
    const std::string database = tx.conn().dbname();
    if (policy.company) {
        if (std::find(names.begin(), names.end(), *policy.company) != names.end()) return;
        throw PolicyError(policy.company_where,
                          "no company `" + *policy.company + "` in database '" + database + "'",
                          "its companies: " + comma_list(names));
    }
    if (names.size() > 1) {
        throw PolicyError({policy.file, 1, 1},
                          "database '" + database + "' has " + std::to_string(names.size()) +
                              " companies: the policy must name the one whose books classify "
                              "the customers",
                          "add a line `company: <name>`, the name one of: " + comma_list(names));
    }
}

void ErpPlugin::check_policy(const Policy& policy) const {
    for (const auto& classification : policy.classifications) {
        if (!targets_.count(classification.target)) {
            throw PolicyError(classification.where,
                              "target `" + classification.target + "` of classification `" +
                                  classification.name + "` is not one the " + name_ +
                                  " plugin can write",
                              "targets of the " + name_ +
                                  " plugin: " + comma_list({targets_.begin(), targets_.end()}));
        }
        for (const auto& tier : classification.tiers) {
            for (const auto& value : tier.set) check_field_value(tier, value);
            if (!tier.when) continue;
            std::set<std::string> attributes, categories;
            tier.when->collect_attributes(attributes, categories);
            for (const auto& attribute : attributes) {
                if (attributes_.count(attribute)) continue;
                throw PolicyError(tier.where,
                                  "attribute `" + attribute + "` of tier `" + tier.name +
                                      "` is not served by the " + name_ + " plugin",
                                  attributes_.empty()
                                      ? "the " + name_ + " plugin serves no attributes"
                                      : "attributes of the " + name_ + " plugin: " +
                                            comma_list({attributes_.begin(), attributes_.end()}));
            }
            std::set<MetricKey> keys;
            tier.when->collect_metrics(keys);
            for (const auto& key : keys) {
                if (!metrics_.count(key.metric)) {
                    throw PolicyError(tier.where,
                                      "metric `" + key.metric + "` of tier `" + tier.name +
                                          "` is not provided by the " + name_ + " plugin yet",
                                      "metrics of the " + name_ + " plugin: " +
                                          comma_list({metrics_.begin(), metrics_.end()}));
                }
            }
        }
    }
}

void ErpPlugin::check_named_values(pqxx::transaction_base& tx, const Policy& policy) const {
    std::map<std::string, std::set<std::string>> names;  // field -> names in the database
    for (const auto& classification : policy.classifications) {
        for (const auto& tier : classification.tiers) {
            for (const auto& value : tier.set) {
                const auto kind = fields_.find(value.field);
                if (kind == fields_.end() || kind->second.kind != "name") continue;
                auto known = names.find(value.field);
                if (known == names.end()) {
                    known = names.emplace(value.field, std::set<std::string>{}).first;
                    for (const auto& row : tx.exec(sql("fields/" + value.field + ".names.sql"))) {
                        known->second.insert(row[0].as<std::string>());
                    }
                }
                if (known->second.count(value.value)) continue;
                throw PolicyError(value.where,
                                  "`" + value.field + "` of tier `" + tier.name + "`: no `" +
                                      value.value + "` in database '" + tx.conn().dbname() + "'",
                                  known->second.empty()
                                      ? "the database has none yet: create it in " + name_
                                      : "choose one of: " + comma_list({known->second.begin(),
                                                                        known->second.end()}));
            }
        }
    }
}

void ErpPlugin::check_field_value(const Tier& tier, const FieldValue& value) const {
    const auto field = fields_.find(value.field);
    if (field == fields_.end()) {
        std::vector<std::string> names;
        for (const auto& [name, spec] : fields_) names.push_back(name);
        throw PolicyError(value.where,
                          "field `" + value.field + "` of tier `" + tier.name +
                              "` cannot be set by the " + name_ + " plugin",
                          "fields it sets: " + comma_list(names));
    }
    if (field->second.kind == "amount") {
        static const std::regex amount(R"(^\d{1,15}(\.\d{1,6})?$)");
        if (value.value.size() > 24 || !std::regex_match(value.value, amount)) {
            throw PolicyError(value.where,
                              "`" + value.field + "` of tier `" + tier.name +
                                  "` must be an amount, not `" + value.value + "`",
                              "write digits, e.g. 50000 or 2500.50, without separators");
        }
    }
}

void ErpPlugin::write_fields(pqxx::transaction_base& tx, const std::string& field,
                             const std::vector<long long>& customers,
                             const std::vector<std::string>& values,
                             const std::string& company) const {
    const std::string file = "fields/" + field + ".sql";
    exec_plugin_statement(tx, file, sql(file), to_pg_array(customers), to_pg_array(values),
                          company);
}

void ErpPlugin::install(pqxx::transaction_base& tx) const {
    tx.exec(sql("install.sql"));
}

void ErpPlugin::grant(pqxx::transaction_base& tx) const {
    tx.exec(sql("grants.sql"));
}

void ErpPlugin::uninstall(pqxx::transaction_base& tx) const {
    tx.exec(sql("uninstall.sql"));
}

void ErpPlugin::revoke(pqxx::transaction_base& tx) const {
    tx.exec(sql("revoke.sql"));
}

void ErpPlugin::upgrade(pqxx::transaction_base& tx, int from_version) const {
    for (int version = from_version + 1; version <= version_; ++version) {
        const auto step = directory_ / "upgrade" / (std::to_string(version) + ".sql");
        if (std::filesystem::exists(step)) tx.exec(read_sql_file(step));
    }
}

std::set<long long> ErpPlugin::existing_customers(pqxx::transaction_base& tx,
                                                  const std::vector<long long>& ids) const {
    std::set<long long> existing;
    for (const auto& row : exec_plugin_statement(tx, "customers_existing.sql",
                                                 sql("customers_existing.sql"), to_pg_array(ids))) {
        existing.insert(row[0].as<long long>());
    }
    return existing;
}

std::vector<CustomerMatch> ErpPlugin::find_customers(pqxx::transaction_base& tx,
                                                     const std::string& text) const {
    std::optional<long long> number;
    if (!text.empty() && text.size() <= 18 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        number = std::stoll(text);
    }
    std::vector<CustomerMatch> matches;
    for (const auto& row : tx.exec_params(sql("customers_find.sql"), text, number)) {
        CustomerMatch match;
        match.customer.id = row["id"].as<long long>();
        match.customer.code = row["code"].is_null() ? "" : row["code"].as<std::string>();
        match.customer.name = row["name"].is_null() ? "" : row["name"].as<std::string>();
        match.matched_by = row["matched_by"].as<std::string>();
        matches.push_back(std::move(match));
    }
    return matches;
}

std::vector<CustomerName> ErpPlugin::customer_names(pqxx::transaction_base& tx,
                                                    const std::vector<long long>& ids) const {
    std::vector<CustomerName> names;
    for (const auto& row : exec_plugin_statement(tx, "customers_names.sql",
                                                 sql("customers_names.sql"), to_pg_array(ids))) {
        CustomerName name;
        name.id = row["id"].as<long long>();
        name.code = row["code"].is_null() ? "" : row["code"].as<std::string>();
        name.name = row["name"].is_null() ? "" : row["name"].as<std::string>();
        names.push_back(std::move(name));
    }
    return names;
}

std::map<long long, MetricValues> ErpPlugin::compute_metrics(pqxx::transaction_base& tx,
                                                             const std::vector<long long>& ids,
                                                             const MetricRequest& request) const {
    const MetricWindows windows = metric_windows(request.keys);
    auto values = decode_metric_rows(
        exec_plugin_statement(tx, kBatchMetrics, sql(kBatchMetrics), to_pg_array(ids),
                              to_pg_array(windows.keys), to_pg_array(windows.intervals),
                              request.as_of, request.company),
        request.keys);
    add_attributes(tx, values, request);
    return values;
}

pqxx::result ErpPlugin::attribute_rows(pqxx::transaction_base& tx,
                                       const std::vector<long long>& ids,
                                       const MetricRequest& request) const {
    if (request.attributes.empty() || ids.empty() || attributes_.empty()) return {};
    const std::vector<std::string> wanted(request.attributes.attributes.begin(),
                                          request.attributes.attributes.end());
    return exec_plugin_statement(tx, "attributes.sql", sql("attributes.sql"), to_pg_array(ids),
                                 to_pg_array(wanted), request.company,
                                 to_pg_array(request.classifications));
}

void apply_attribute_rows(const pqxx::result& rows, std::map<long long, MetricValues>& values) {
    for (const auto& row : rows) {
        const auto found = values.find(row[0].as<long long>());
        if (found == values.end() || row[2].is_null()) continue;
        const std::string attribute = row[1].as<std::string>();
        if (attribute == kCategoriesAttribute) {
            found->second.add_category(row[2].as<std::string>());
        } else {
            found->second.set_text(attribute, row[2].as<std::string>());
        }
    }
}

void ErpPlugin::add_attributes(pqxx::transaction_base& tx,
                               std::map<long long, MetricValues>& values,
                               const MetricRequest& request) const {
    std::vector<long long> ids;
    ids.reserve(values.size());
    for (const auto& entry : values) ids.push_back(entry.first);
    apply_attribute_rows(attribute_rows(tx, ids, request), values);
}

std::vector<std::string> ErpPlugin::companies(pqxx::transaction_base& tx) const {
    std::vector<std::string> names;
    for (const auto& row : tx.exec(sql("companies.sql"))) names.push_back(row[0].as<std::string>());
    return names;
}

MetricWindows metric_windows(const std::set<MetricKey>& keys) {
    std::set<std::string> distinct;
    for (const auto& key : keys) {
        if (!key.window.empty()) distinct.insert(key.window);
    }
    MetricWindows windows;
    windows.keys.assign(distinct.begin(), distinct.end());
    for (const auto& window : windows.keys)
        windows.intervals.push_back(parse_duration(window)->to_sql_interval());
    return windows;
}

void ErpPlugin::write_notes(pqxx::transaction_base& tx, const std::vector<long long>& customers,
                            const std::vector<std::string>& notes) const {
    exec_plugin_statement(tx, "history.sql", sql("history.sql"), to_pg_array(customers),
                          to_pg_array(notes));
}

void ErpPlugin::write_targets(pqxx::transaction_base& tx, const std::string& target,
                              const std::string& classification,
                              const std::vector<long long>& customers,
                              const std::vector<std::string>& tiers) const {
    const std::string file = "targets/" + target + ".sql";
    exec_plugin_statement(tx, file, sql(file), to_pg_array(customers), classification,
                          to_pg_array(tiers));
}

}  // namespace tierd
