// One ERP plugin: a folder plugins/<name>/ with a manifest (plugin.yaml) and SQL files that
// detect the ERP, install triggers, compute metrics and write target fields. The daemon
// discovers plugins by folder; nothing ERP-specific is compiled in.
#pragma once

#include <filesystem>
#include <map>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "plugin/customer_names.hpp"
#include "policy/policy.hpp"

namespace tierd {

// The windows of a set of metric keys as the plugins' metric queries take them: canonical
// keys ("365d") and the same as SQL intervals, in one order.
struct MetricWindows {
    std::vector<std::string> keys;
    std::vector<std::string> intervals;
};
MetricWindows metric_windows(const std::set<MetricKey>& keys);

// What a metric query computes: which values, as of which day, from which company's books.
struct MetricRequest {
    std::set<MetricKey> keys;
    std::string as_of;    // YYYY-MM-DD
    std::string company;  // its name; empty: the database's only company
    // The attributes rules read, served beside the metrics; none: no attribute query.
    AttributesUsed attributes;
    // The policy's classifications, whose categories are tierd's own, not attributes.
    std::vector<std::string> classifications;
};

// A field a tier's `set:` may write besides the target (plugin.yaml's `fields`).
struct PluginField {
    std::string kind;    // "amount" or "name" (one of fields/<field>.names.sql's rows)
    std::string module;  // the ERP module it needs activated; empty: none
    std::string writes;  // where the value goes, for people
};

class ErpPlugin {
  public:
    // Loads plugins/<name>/ under `plugins_directory`; PluginError names the plugins that exist.
    static ErpPlugin load(const std::filesystem::path& plugins_directory, const std::string& name);
    static std::vector<std::string> available(const std::filesystem::path& plugins_directory);

    const std::string& name() const { return name_; }
    int version() const { return version_; }
    // The ERP and versions it supports, for people: "Tryton 6.0".
    const std::string& erp() const { return erp_; }
    const std::set<std::string>& targets() const { return targets_; }
    const std::set<std::string>& metrics() const { return metrics_; }
    const std::set<std::string>& attributes() const { return attributes_; }
    const std::map<std::string, PluginField>& fields() const { return fields_; }

    // Refuses (PluginError) a database that is not this plugin's ERP, lacks its modules
    // (including, given a policy, the modules behind the fields it writes), or lacks tables
    // or columns the plugin uses (another version of the ERP).
    void check_database(pqxx::transaction_base& tx, const Policy* policy = nullptr) const;
    // Refuses (PolicyError, at the offending line) a policy this plugin cannot serve.
    void check_policy(const Policy& policy) const;

    void install(pqxx::transaction_base& tx) const;
    void uninstall(pqxx::transaction_base& tx) const;
    // The steps from plugin version `from_version` to this one that install.sql, which
    // replaces every object, cannot take alone: upgrade/<version>.sql, in order, if present.
    void upgrade(pqxx::transaction_base& tx, int from_version) const;
    // Takes back what grant() gave.
    void revoke(pqxx::transaction_base& tx) const;
    // Gives the daemon's role (named by tierd.role, see sql/queries/role_select.sql) the
    // rights it needs on the ERP's tables, and no more.
    void grant(pqxx::transaction_base& tx) const;

    // The customers of `ids` that still exist and can be classified.
    std::set<long long> existing_customers(pqxx::transaction_base& tx,
                                           const std::vector<long long>& ids) const;
    // The customers that `text` may mean: by id, code or exact name, or, when none matches
    // so, those whose name contains it (see CustomerMatch). Resolve with resolve_customer()
    // (cli/customer_reference.hpp), which turns these into one customer or an error.
    std::vector<CustomerMatch> find_customers(pqxx::transaction_base& tx,
                                              const std::string& text) const;
    // Name and code of the customers of `ids` the ERP knows, in one query; use CustomerNames.
    std::vector<CustomerName> customer_names(pqxx::transaction_base& tx,
                                             const std::vector<long long>& ids) const;
    // The metric values of each customer, as the request asks.
    std::map<long long, MetricValues> compute_metrics(pqxx::transaction_base& tx,
                                                      const std::vector<long long>& ids,
                                                      const MetricRequest& request) const;
    // Adds to each customer of `values` the attributes the request asks for, in one query
    // (attributes.sql); nothing when it asks for none.
    void add_attributes(pqxx::transaction_base& tx, std::map<long long, MetricValues>& values,
                        const MetricRequest& request) const;
    // The rows of that query, for the customers `ids` (empty when it asks for none); a
    // reader thread fetches them, apply_attribute_rows adds them to decoded metrics.
    pqxx::result attribute_rows(pqxx::transaction_base& tx, const std::vector<long long>& ids,
                                const MetricRequest& request) const;
    // The companies of the database, by name.
    std::vector<std::string> companies(pqxx::transaction_base& tx) const;
    // The metric query (see metric_rows.hpp), which a full pass reads for every customer
    // as a stream (see metric_stream.hpp).
    const std::string& metrics_query() const { return sql("metrics.sql"); }
    // Writes tiers[i] of `classification` into the ERP field `target` of customers[i], for
    // every i, in one statement.
    void write_targets(pqxx::transaction_base& tx, const std::string& target,
                       const std::string& classification, const std::vector<long long>& customers,
                       const std::vector<std::string>& tiers) const;
    // Writes values[i] (checked at policy load) into the ERP field `field` of customers[i],
    // for `company` (its name; empty: every company), in one statement.
    void write_fields(pqxx::transaction_base& tx, const std::string& field,
                      const std::vector<long long>& customers,
                      const std::vector<std::string>& values, const std::string& company) const;
    // Adds notes[i] to the record of customers[i] in the ERP (its history, in the ERP's own
    // UI), in one statement.
    void write_notes(pqxx::transaction_base& tx, const std::vector<long long>& customers,
                     const std::vector<std::string>& notes) const;

  private:
    void check_field_value(const Tier& tier, const FieldValue& value) const;
    // Refuses (PolicyError) a value of a `name` field that names no record of the database.
    void check_named_values(pqxx::transaction_base& tx, const Policy& policy) const;
    // Refuses (PolicyError) a policy naming no company of a database that has several, or
    // a company the database does not have.
    void check_company(pqxx::transaction_base& tx, const Policy& policy) const;
    // Refuses (PolicyError) a has_category() naming a category the database does not have.
    void check_categories(pqxx::transaction_base& tx, const Policy& policy) const;
    const std::string& sql(const std::string& relative_path) const;

    std::filesystem::path directory_;
    std::string name_;
    int version_ = 0;
    std::string erp_;
    std::vector<std::string> required_modules_;
    std::set<std::string> targets_;
    std::set<std::string> metrics_;
    std::set<std::string> attributes_;
    std::map<std::string, PluginField> fields_;  // what a tier's `set:` may write
    std::map<std::string, std::string> sql_;
};

// Adds attribute rows (ErpPlugin::attribute_rows) to the customers of `values`.
void apply_attribute_rows(const pqxx::result& rows, std::map<long long, MetricValues>& values);

}  // namespace tierd
