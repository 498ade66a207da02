// Parsing and checking the audit review's filters and format.
#include "cli/audit_options.hpp"

#include <algorithm>

#include "cli/customer_reference.hpp"
#include "core/comma_list.hpp"
#include "core/date_or_time.hpp"
#include "core/errors.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

// The values the audit log's check constraint allows (sql/schema/007_*.sql).
const std::vector<std::string> kTriggers = {"event",    "schedule", "start",    "manual",
                                            "approval", "policy",   "rejection"};
const std::vector<std::string> kDirections = {"upgrade", "downgrade"};
const std::vector<std::string> kFormats = {"table", "csv", "json"};

const char* const kTimeHint =
    "write a day, YYYY-MM-DD, or a time, YYYY-MM-DD HH:MM[:SS] with an optional zone (+01:00)";

std::optional<std::string> text_option(const po::variables_map& values, const char* name) {
    if (!values.count(name)) return std::nullopt;
    return values[name].as<std::string>();
}

std::optional<std::string> one_of(const po::variables_map& values, const char* name,
                                  const std::vector<std::string>& allowed) {
    auto value = text_option(values, name);
    if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
        throw UsageError("'" + *value + "' is not allowed for the --" + name + " option",
                         "allowed values are " + comma_list(allowed));
    }
    return value;
}

std::optional<DateOrTime> time_option(const po::variables_map& values, const char* name) {
    const auto value = text_option(values, name);
    if (!value) return std::nullopt;
    auto parsed = parse_date_or_time(*value);
    if (!parsed) {
        throw UsageError("'" + *value + "' is not a date or time for --" + name, kTimeHint);
    }
    return parsed;
}

}  // namespace

po::options_description audit_filter_options() {
    po::options_description options("rows (each filter narrows the rows; all of them must hold)");
    options.add_options()("customer", po::value<std::string>(),
                          "only this customer: its id, ERP code or exact name")(
        "classification", po::value<std::string>(), "only this classification")(
        "tier", po::value<std::string>(), "only moves from or to this tier")(
        "direction", po::value<std::string>(),
        "only upgrades or only downgrades: upgrade, downgrade")(
        "trigger", po::value<std::string>(),
        "only rows of this trigger: event, schedule, start, manual, approval, policy, rejection")(
        "since", po::value<std::string>(),
        "only rows recorded at or after this day (from its start) or time")(
        "until", po::value<std::string>(),
        "only rows recorded up to this day (the whole day included) or time (included)")(
        "policy-version", po::value<std::string>(), "only rows decided under this policy version")(
        "actor", po::value<std::string>(),
        "only rows of this actor (`tierd` matches every daemon's, tierd@host:pid)");
    return options;
}

AuditFilter parse_audit_filter(const po::variables_map& values) {
    AuditFilter filter;
    filter.classification = text_option(values, "classification");
    filter.tier = text_option(values, "tier");
    filter.direction = one_of(values, "direction", kDirections);
    filter.trigger = one_of(values, "trigger", kTriggers);
    if (const auto since = time_option(values, "since")) filter.since = since->text;
    if (const auto until = time_option(values, "until")) {
        (until->is_date ? filter.until_date : filter.until_time) = until->text;
    }
    filter.policy_version = text_option(values, "policy-version");
    filter.actor = text_option(values, "actor");
    return filter;
}

void resolve_audit_customer(const po::variables_map& values, pqxx::transaction_base& tx,
                            const ErpPlugin& plugin, AuditFilter& filter) {
    if (const auto typed = text_option(values, "customer")) {
        filter.customer_id = resolve_customer(tx, plugin, *typed).id;
    }
}

po::options_description audit_format_options(bool json_alias) {
    po::options_description options("output");
    options.add_options()("format", po::value<std::string>()->default_value("table"),
                          "table (for people), csv (with a header line) or json (one object "
                          "per line)");
    if (json_alias) options.add_options()("json", "the same as --format json");
    return options;
}

AuditFormat parse_audit_format(const po::variables_map& values) {
    const std::string format = *one_of(values, "format", kFormats);
    if (values.count("json")) {
        if (!values["format"].defaulted() && format != "json") {
            throw UsageError("--json and --format " + format + " contradict each other",
                             "give one of them");
        }
        return AuditFormat::json;
    }
    return format == "csv"    ? AuditFormat::csv
           : format == "json" ? AuditFormat::json
                              : AuditFormat::table;
}

}  // namespace tierd
