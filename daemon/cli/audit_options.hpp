// The options of `tierctl audit` and `tierctl audit summary` that choose rows and the output
// format, declared once so that both commands take the same filters with the same help and
// the same errors.
#pragma once

#include <boost/program_options.hpp>
#include <pqxx/transaction_base>
#include <string>

#include "plugin/erp_plugin.hpp"
#include "store/audit_filter.hpp"

namespace tierd {

// --customer, --classification, --tier, --direction, --trigger, --since, --until,
// --policy-version, --actor.
boost::program_options::options_description audit_filter_options();

// The filter the options ask for, checked (UsageError for a bad direction, trigger or
// date); the customer is left to resolve_audit_customer, once the database is open.
AuditFilter parse_audit_filter(const boost::program_options::variables_map& values);

// Sets the filter's customer from --customer (its id, ERP code or exact name), if given.
void resolve_audit_customer(const boost::program_options::variables_map& values,
                            pqxx::transaction_base& tx, const ErpPlugin& plugin,
                            AuditFilter& filter);

enum class AuditFormat { table, csv, json };

// --format table|csv|json (and, with `json_alias`, --json for --format json).
boost::program_options::options_description audit_format_options(bool json_alias);
AuditFormat parse_audit_format(const boost::program_options::variables_map& values);

}  // namespace tierd
