// The declaration of a plugin folder's manifest keys and files (see plugin_manifest.hpp).
#include "plugin/plugin_manifest.hpp"

namespace tierd {

const std::vector<ManifestKeySpec>& manifest_keys() {
    static const std::vector<ManifestKeySpec> keys = {
        {"name", true, "the folder's name", "the plugin, as `--plugin` names it"},
        {"erp", true, "text, e.g. Tryton 6.0", "the ERP and the versions it supports, for people"},
        {"version", true, "a whole number",
         "the version of what install.sql installs; raise it with every change to it"},
        {"required_modules", true, "a list of names",
         "ERP modules that must be activated in the database"},
        {"targets", true, "a list of names",
         "what a classification's `target` may name: one targets/<target>.sql each"},
        {"fields", false, "a mapping of field: {kind, module, writes}",
         "what a tier's `set:` may write besides the target: one fields/<field>.sql each"},
        {"metrics", true, "a list of metric names",
         "the metrics of tierd's catalogue that metrics.sql computes"},
        {"attributes", false, "a list of attribute names",
         "the attributes of tierd's catalogue (who the customer is: country, categories, ...) "
         "that attributes.sql serves"},
    };
    return keys;
}

const std::vector<ManifestKeySpec>& manifest_field_keys() {
    static const std::vector<ManifestKeySpec> keys = {
        {"kind", true, "amount or name",
         "amount: digits, checked when the policy loads; name: one of the rows of "
         "fields/<field>.names.sql, checked against the database"},
        {"module", false, "a module name",
         "the ERP module the field needs activated; a policy setting it is refused otherwise"},
        {"writes", true, "text", "where the value goes in the ERP, for people"},
    };
    return keys;
}

const std::vector<PluginFileSpec>& plugin_files() {
    static const std::vector<PluginFileSpec> files = {
        {"detect.sql", false, "one row, one boolean", "whether the database is this ERP's at all"},
        {"modules_missing.sql", false, "$1 module names; rows of names",
         "of the ERP modules the plugin needs, those not activated"},
        {"schema_missing.sql", false, "rows of names",
         "the tables and columns the plugin uses that the database lacks (another version "
         "of the ERP)"},
        {"install.sql", false, "",
         "the triggers that queue customers, indexes, helper functions; idempotent (replaces "
         "every object); runs after sql/schema/ in one transaction"},
        {"uninstall.sql", false, "", "removes what install.sql made; the ERP's data stays"},
        {"grants.sql", false, "the role in current_setting('tierd.role')",
         "the daemon's role's rights on the ERP's tables: read what the metrics read, write "
         "only what the targets, fields and notes write"},
        {"revoke.sql", false, "the role in current_setting('tierd.role')",
         "takes back every right grants.sql gave"},
        {"metrics.sql", false,
         "$1 customer ids (NULL: every customer), $2 window keys, $3 their intervals, $4 the "
         "date, $5 the company's name (empty: the only one); rows customer_id, overall "
         "(jsonb), by_window (jsonb)",
         "the metrics of customers, for batches and for the full pass"},
        {"customers_existing.sql", false, "$1 customer ids; rows of ids",
         "of the customers given, those that still exist and can be classified"},
        {"customers_find.sql", false,
         "$1 the text a person typed, $2 the same as a number or NULL; rows id, code, name, "
         "matched_by (id, code, name, or similar)",
         "the customers the text may mean: by id, code or exact name, else names containing it"},
        {"customers_names.sql", false, "$1 customer ids; rows id, code, name",
         "the name and code of each customer, for the tables people read (one query a list)"},
        {"history.sql", false, "$1 customer ids, $2 notes",
         "adds each note where the ERP's users see the customer's history"},
        {"companies.sql", false, "rows of names", "the companies of the database, by name"},
        {"targets/<target>.sql", true, "$1 customer ids, $2 classification, $3 tiers",
         "writes each customer's tier into the target"},
        {"fields/<field>.sql", true,
         "$1 customer ids, $2 values, $3 company's name (empty: every company)",
         "writes each customer's value of the field"},
        {"fields/<field>.names.sql", true, "rows of names",
         "for a field of kind name: the names a policy may give it"},
        {"attributes.sql", true,
         "$1 customer ids, $2 attribute names, $3 the company's name (empty: the only one), $4 "
         "the policy's classifications; rows customer_id, attribute, value",
         "with `attributes`: who the customers are, one row per value (one per category), no "
         "row where a customer has no value; the categories under $4 (tierd's own) left out"},
        {"categories.sql", true, "$1 the policy's classifications; rows of names",
         "with `attributes: [categories]`: the categories a rule's has_category(\"...\") may "
         "name, by full name, but those under $1"},
        {"upgrade/<version>.sql", true, "",
         "optional: a step to this version that install.sql cannot take alone"},
    };
    return files;
}

}  // namespace tierd
