// The policy in memory: classifications of ordered tiers, as loaded from the finance lead's YAML.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "policy/duration.hpp"
#include "policy/expression.hpp"

namespace tierd {

// The attributes rules read (attribute_catalogue.hpp), and the category names their
// has_category() asks for.
struct AttributesUsed {
    std::set<std::string> attributes;
    std::set<std::string> categories;

    bool empty() const { return attributes.empty(); }
};

// How long a better tier's rule must keep holding before a customer moves up to it:
// a number of evaluations in a row, a duration, or both (then both must be met).
struct UpgradeDelay {
    int evaluations = 0;              // 0: no count required
    std::optional<Duration> holding;  // none: no duration required
};

// A value a tier writes into another ERP field of the customer (`set: {credit_limit: 0}`).
struct FieldValue {
    std::string field;
    std::string value;  // as written; the plugin checks and converts it
    SourceLocation where;
};

struct Tier {
    std::string name;
    ExpressionPtr when;  // null for the default tier
    std::string when_text;
    bool is_default = false;
    bool immediate = false;  // moves into this tier skip upgrade delays and grace
    std::optional<UpgradeDelay> upgrade_after;
    std::vector<FieldValue> set;
    SourceLocation where;
};

// A move that waits for a person's approval instead of being applied. It matches when the
// move starts in `from` (empty: any tier) and ends in `to` (empty: any tier), or, for a
// jump rule, when it crosses more than `jumps_of_more_than` tiers.
struct ApprovalRule {
    std::vector<std::string> from;
    std::vector<std::string> to;
    int jumps_of_more_than = 0;  // 0: not a jump rule
    // Only upgrades or only downgrades (see Classification::best); empty: moves either way.
    std::string direction;
    SourceLocation where;
};

// Which end of a classification's tier list is its best class. The tiers are tried in list
// order either way; credit grades are naturally tried worst first (HOLD at the top) and
// say `best: last`, so that moving out of HOLD is an upgrade.
enum class BestEnd { first, last };

struct Classification {
    std::string name;
    std::string target;  // the ERP field the plugin writes, e.g. "category"
    std::optional<Duration> evaluate_every;
    std::vector<Tier> tiers;                  // in the order their rules are tried
    BestEnd best = BestEnd::first;            // which end of `tiers` is the best class
    std::optional<Duration> downgrade_grace;  // a lower tier must hold this long first
    std::vector<ApprovalRule> approvals;
    std::string initial_tier;  // where a new customer starts; the default tier if empty
    SourceLocation where;

    const Tier& default_tier() const;
    const Tier* find_tier(const std::string& name) const;
    // Position in the list (0 = tried first); -1 for a tier the policy does not have.
    int rank_of(const std::string& name) const;
    // How far a tier is from the best one (0 = best, see `best`); -1 for a tier the policy
    // does not have. A move to a smaller standing is an upgrade.
    int standing_of(const std::string& name) const;
    // Every metric value this classification's rules read.
    std::set<MetricKey> metrics_used() const;
    AttributesUsed attributes_used() const;
};

struct PolicyWarning {
    SourceLocation where;
    std::string message;
    std::string hint;
};

// "file:line:col: warning: message" and a HINT line, as policy errors are rendered.
std::string describe_warning(const PolicyWarning& warning);

struct Policy {
    std::string version;       // the finance lead's version, from the file
    std::string content_hash;  // sha256 of the file's bytes, hex
    std::string file;
    // The company whose books classify the customers and whose fields are written: needed
    // when the ERP database has several; none means the database's only company.
    std::optional<std::string> company;
    SourceLocation company_where;
    std::vector<Classification> classifications;
    std::vector<PolicyWarning> warnings;  // things that load but are probably mistakes

    // Every metric value any rule reads: what the plugin must compute per customer.
    std::set<MetricKey> metrics_used() const;
    // Every attribute any rule reads: what the plugin must serve per customer.
    AttributesUsed attributes_used() const;
    const Classification* find_classification(const std::string& name) const;
};

}  // namespace tierd
