// The commands of tierctl; each takes its own arguments (after the command words).
#pragma once

#include <string>
#include <vector>

namespace tierd {

using Arguments = std::vector<std::string>;

int command_install(const Arguments& args);
int command_uninstall(const Arguments& args);
int command_policy_check(const Arguments& args);
int command_audit_list(const Arguments& args);
int command_audit_verify(const Arguments& args);
int command_audit_summary(const Arguments& args);
int command_show(const Arguments& args);
int command_pin(const Arguments& args);
int command_unpin(const Arguments& args);
int command_approve(const Arguments& args);
int command_approvals(const Arguments& args);
int command_reject(const Arguments& args);
int command_explain(const Arguments& args);
int command_metrics(const Arguments& args);
int command_simulate(const Arguments& args);
int command_report(const Arguments& args);
int command_reference(const Arguments& args);

// The --db option every database command takes: $TIERD_DB, else the daemon's `db`
// (daemon_config_defaults.hpp).
std::string default_database_uri();

}  // namespace tierd
