// tierctl audit / audit verify: the audit log for the auditor, filtered, as a table, CSV or
// JSON lines, and the proof that it was not edited (against a head noted earlier, too).
#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/transaction>

#include "cli/audit_options.hpp"
#include "cli/audit_row_format.hpp"
#include "cli/cli_support.hpp"
#include "cli/csv_cell.hpp"
#include "cli/installed_database.hpp"
#include "cli/tierctl_commands.hpp"
#include "core/errors.hpp"
#include "store/audit_repository.hpp"

namespace tierd {

namespace po = boost::program_options;

namespace {

po::options_description database_options(const std::string& title) {
    po::options_description options(title);
    options.add_options()("help,h", "show this help")(
        "db", po::value<std::string>()->default_value(default_database_uri()), "ERP database URI");
    return options;
}

std::optional<long long> row_limit(const po::variables_map& values) {
    const long long limit = values["limit"].as<long long>();
    if (limit < 0) throw UsageError("--limit must be 0 (all rows) or more");
    return limit == 0 ? std::nullopt : std::optional<long long>(limit);
}

// A head as `audit verify` prints it: 64 hexadecimal digits (in lower case, as stored).
std::string noted_head(const std::string& typed) {
    std::string head;
    for (const char c : typed)
        head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head.size() != 64 || head.find_first_not_of("0123456789abcdef") != std::string::npos) {
        throw UsageError("'" + typed + "' is not a row hash for --head",
                         "give the 64 hexadecimal digits of the chain head `tierctl audit "
                         "verify` printed");
    }
    return head;
}

}  // namespace

int command_audit_list(const Arguments& args) {
    auto options = database_options("tierctl audit");
    options.add_options()("limit", po::value<long long>()->default_value(100),
                          "at most this many matching rows, the newest (0: all)");
    options.add(audit_filter_options()).add(audit_format_options(true));
    const auto values = parse_options(args, options, {}, "tierctl audit");
    if (values.count("help")) {
        std::cout << "usage: tierctl audit [filters] [--limit N] [--format table|csv|json] "
                     "--db URI\n"
                  << "example: tierctl audit --customer \"ACME GmbH\" --direction downgrade "
                     "--since 2026-10-01 --until 2026-12-31 --format csv --db "
                     "postgresql://tierd@localhost/erp\n"
                  << "Rows are shown oldest first; days and times are in the database's time "
                     "zone, as recorded_at is shown.\n"
                  << options << "\n";
        return 0;
    }
    AuditFilter filter = parse_audit_filter(values);
    const AuditFormat format = parse_audit_format(values);
    const auto limit = row_limit(values);
    const InstalledDatabase database(values["db"].as<std::string>(), "read the audit log");
    pqxx::read_transaction tx(*database.connection);
    resolve_audit_customer(values, tx, *database.plugin, filter);
    const auto rows = AuditRepository(database.queries).list(tx, filter, limit);
    std::vector<long long> ids;
    for (const auto& row : rows) ids.push_back(row.entry.customer_id);
    const auto names = CustomerNames::lookup(tx, *database.plugin, ids);
    if (format == AuditFormat::csv) std::cout << kAuditCsvHeader << "\n";
    if (format == AuditFormat::table && rows.empty()) std::cout << "(no audit rows match)\n";
    for (const auto& row : rows) {
        switch (format) {
            case AuditFormat::table:
                std::cout << audit_line(row, names) << "\n";
                break;
            case AuditFormat::csv:
                std::cout << audit_csv(row, names) << "\n";
                break;
            case AuditFormat::json:
                std::cout << audit_json(row, names).dump() << "\n";
                break;
        }
    }
    return 0;
}

int command_audit_verify(const Arguments& args) {
    auto options = database_options("tierctl audit verify");
    options.add_options()("head", po::value<std::string>(),
                          "a chain head noted earlier: check that its row is still in the log "
                          "and that every row after it chains to it");
    const auto values = parse_options(args, options, {}, "tierctl audit verify");
    if (values.count("help")) {
        std::cout << "usage: tierctl audit verify [--head HASH] --db URI\n"
                  << "example: tierctl audit verify --head "
                     "4b1c0971b4e4f210efa6b4c776c6ba7e1b53298e11fe1c825d2d314b6800de64 --db "
                     "postgresql://tierd@localhost/erp\n"
                  << options << "\n";
        return 0;
    }
    std::optional<std::string> head;
    if (values.count("head")) head = noted_head(values["head"].as<std::string>());
    const InstalledDatabase database(values["db"].as<std::string>(), "verify the audit log");
    pqxx::read_transaction tx(*database.connection);
    const auto verification = AuditRepository(database.queries).verify(tx, head);
    if (verification.bad_seq) {
        std::cout << "audit log BROKEN at row " << *verification.bad_seq << ": "
                  << verification.problem << "\n";
        return kExitFailure;
    }
    if (head && !verification.noted_seq) {
        std::cout << "audit log BROKEN: the noted head " << *head
                  << " is not in it (rows were cut from the end, or the log was rewritten "
                     "from an earlier row on)\n";
        return kExitFailure;
    }
    std::cout << "audit log intact: " << verification.rows_checked << " rows, chain head "
              << verification.head_hash << "\n";
    if (head) {
        std::cout << "the noted head is row " << *verification.noted_seq << "; the "
                  << verification.rows_checked - *verification.noted_seq
                  << " rows after it chain to it\n";
    } else {
        std::cout << "(note the head hash: a later verify showing an older head means rows were "
                     "cut from the end)\n";
    }
    return 0;
}

}  // namespace tierd
