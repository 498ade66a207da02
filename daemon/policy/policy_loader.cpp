// The YAML side of policy loading: structure, keys, and the tiers' invariants.
#include "policy/policy_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/sha256.hpp"
#include "core/utf8.hpp"
#include "policy/closest_match.hpp"
#include "policy/policy_keys.hpp"
#include "policy/policy_lint.hpp"
#include "policy/rule_parser.hpp"

namespace tierd {

namespace {

// "3 evaluations", "14d", or "3 evaluations and 14d".
std::optional<UpgradeDelay> parse_upgrade_delay(const std::string& text) {
    // std::regex recurses per character: keep its input short.
    if (text.size() > 40) return std::nullopt;
    static const std::regex pattern(
        R"(^\s*(?:(\d{1,6})\s+evaluations?)?\s*(?:and\s+)?(\d{1,6}[hdwmy])?\s*$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern) || (!match[1].matched && !match[2].matched)) {
        return std::nullopt;
    }
    UpgradeDelay delay;
    if (match[1].matched) delay.evaluations = std::stoi(match[1].str());
    if (match[2].matched) delay.holding = parse_duration(match[2].str());
    return delay;
}

// yaml-cpp counts a mark's column in bytes; people (and editors) count characters.
int character_column(const std::string& text, const YAML::Mark& mark) {
    size_t start = 0;
    for (int line = 0; line < mark.line && start != std::string::npos; ++line) {
        start = text.find('\n', start);
        if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start + mark.column > text.size()) return mark.column + 1;
    return static_cast<int>(character_count(std::string_view(text).substr(start, mark.column))) + 1;
}

class PolicyReader {
  public:
    PolicyReader(std::string file, const std::string& text) : file_(std::move(file)), text_(text) {}

    SourceLocation at(const YAML::Node& node) const {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null()) return {file_, 0, 0};
        return {file_, mark.line + 1, character_column(text_, mark)};
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message,
                           std::string hint = {}) const {
        throw PolicyError(at(node), message, std::move(hint));
    }

    void check_keys(const YAML::Node& map, const std::vector<PolicyKeySpec>& allowed,
                    const std::string& what) const {
        if (!map.IsMap()) fail(map, what + " must be a mapping of `key: value` lines");
        std::vector<std::string> names;
        for (const auto& spec : allowed) names.emplace_back(spec.name);
        for (const auto& entry : map) {
            const std::string key = entry.first.Scalar();
            if (std::find(names.begin(), names.end(), key) != names.end()) continue;
            const auto suggestion = closest_match(key, names);
            std::string hint = suggestion ? "did you mean `" + *suggestion + "`? " : "";
            std::string listed;
            for (const auto& name : names) listed += (listed.empty() ? "" : ", ") + name;
            fail(entry.first, "unknown key `" + key + "` in " + what,
                 hint + "allowed keys are: " + listed);
        }
        for (const auto& spec : allowed) {
            if (spec.required && !map[spec.name]) {
                fail(map, what + " is missing the key `" + spec.name + "`");
            }
        }
    }

    std::string scalar(const YAML::Node& node, const std::string& what) const {
        if (!node.IsScalar() || node.Scalar().empty()) fail(node, what + " must be a single value");
        return node.Scalar();
    }

    // A classification's or tier's name: letters of any script, digits, spaces, _ and -,
    // so that it is safe as a Tryton category name ("classification / tier") and in notes.
    std::string name(const YAML::Node& node, const std::string& what) const {
        const std::string text = scalar(node, what);
        for (size_t i = 0; i < text.size();) {
            const size_t at = i;
            const auto c = next_code_point(text, i);
            if (!c) {
                fail(node, what + " is not UTF-8 text", "save the policy file as UTF-8");
            }
            const bool ascii_ok = *c < 0x80 && (std::isalnum(static_cast<int>(*c)) || *c == '_' ||
                                                *c == '-' || *c == ' ');
            if (!ascii_ok && !(*c >= 0x80 && is_word_code_point(*c))) {
                const std::string shown =
                    *c < 0x20 || *c == 0x7F
                        ? code_point_label(*c)
                        : "`" + text.substr(at, i - at) + "` (" + code_point_label(*c) + ")";
                fail(node, what + " `" + text + "` holds " + shown +
                               ": names hold letters (of any script), digits, spaces, _ and -");
            }
        }
        if (text.front() == ' ' || text.back() == ' ') {
            fail(node, what + " `" + text + "` starts or ends with a space");
        }
        return text;
    }

    Policy read(const YAML::Node& root) const {
        if (!root.IsDefined() || root.IsNull()) {
            throw PolicyError({file_, 1, 1}, "the policy file is empty",
                              "start from one of the examples in config/policies/");
        }
        check_keys(root, policy_keys(PolicyMapping::policy), "the policy");
        Policy policy;
        policy.file = file_;
        policy.version = scalar(root["version"], "`version`");
        if (const YAML::Node company = root["company"]) {
            policy.company = scalar(company, "`company`");
            policy.company_where = at(company);
        }
        const YAML::Node list = root["classifications"];
        if (!list.IsSequence() || list.size() == 0) {
            fail(list, "`classifications` must be a list with at least one classification",
                 "each item starts with `- name: ...`");
        }
        std::set<std::string> seen;
        for (const auto& item : list) {
            Classification classification = read_classification(item);
            if (!seen.insert(classification.name).second) {
                fail(item["name"], "classification `" + classification.name + "` is defined twice");
            }
            policy.classifications.push_back(std::move(classification));
        }
        return policy;
    }

    Classification read_classification(const YAML::Node& node) const {
        check_keys(node, policy_keys(PolicyMapping::classification), "a classification");
        Classification classification;
        classification.where = at(node);
        classification.name = name(node["name"], "a classification's `name`");
        classification.target = name(node["target"], "`target`");
        if (const YAML::Node every = node["evaluate_every"]) {
            const auto duration = parse_duration(scalar(every, "`evaluate_every`"));
            if (!duration || duration->count <= 0) {
                fail(every, "`evaluate_every` must be a duration like 24h or 7d");
            }
            classification.evaluate_every = duration;
        }
        const YAML::Node tiers = node["tiers"];
        const std::string owner = "classification `" + classification.name + "`";
        if (const YAML::Node best = node["best"]) {
            const std::string end = scalar(best, "`best`");
            if (end != "first" && end != "last") {
                fail(best, "`best` of " + owner + " must be `first` or `last`, not `" + end + "`",
                     "`best: last` when the list is tried worst first, as credit grades are");
            }
            classification.best = end == "last" ? BestEnd::last : BestEnd::first;
        }
        if (!tiers.IsSequence() || tiers.size() == 0) {
            fail(tiers, "the tiers of " + owner + " must be a list, in the order they are tried");
        }
        std::set<std::string> seen;
        const Tier* default_tier = nullptr;
        for (const auto& item : tiers) {
            Tier tier = read_tier(item, owner);
            if (!seen.insert(tier.name).second) {
                fail(item["name"], "tier `" + tier.name + "` appears twice in " + owner);
            }
            if (tier.is_default && default_tier) {
                fail(item["default"],
                     owner + " has two default tiers (`" + default_tier->name + "` and `" +
                         tier.name + "`)",
                     "keep `default: true` on exactly one tier");
            }
            classification.tiers.push_back(std::move(tier));
            if (classification.tiers.back().is_default) default_tier = &classification.tiers.back();
        }
        if (!default_tier) {
            fail(tiers, owner + " has no default tier",
                 "mark the tier for customers that match no rule with `default: true`");
        }
        if (const YAML::Node downgrade = node["downgrade"]) {
            check_keys(downgrade, policy_keys(PolicyMapping::downgrade), "`downgrade` of " + owner);
            classification.downgrade_grace = positive_duration(downgrade["grace"], "`grace`");
        }
        if (const YAML::Node initial = node["initial_tier"]) {
            classification.initial_tier = tier_name_of(classification, initial, "`initial_tier`");
        }
        if (const YAML::Node approvals = node["approval"]) {
            if (!approvals.IsSequence() || approvals.size() == 0) {
                fail(approvals, "`approval` of " + owner + " must be a list of rules",
                     "e.g. `- from: [A]` / `  to: [C]`, or `- jumps_of_more_than: 1`");
            }
            for (const auto& item : approvals) {
                classification.approvals.push_back(read_approval(classification, item, owner));
            }
        }
        return classification;
    }

    std::optional<Duration> positive_duration(const YAML::Node& node,
                                              const std::string& what) const {
        const auto duration = parse_duration(scalar(node, what));
        if (!duration || duration->count <= 0) {
            fail(node, what + " must be a duration of at least 1, like 30d",
                 "units are h, d, w, m, y");
        }
        return duration;
    }

    std::string tier_name_of(const Classification& classification, const YAML::Node& node,
                             const std::string& what) const {
        const std::string text = scalar(node, what);
        if (classification.find_tier(text)) return text;
        std::vector<std::string> names;
        for (const auto& tier : classification.tiers) names.push_back(tier.name);
        const auto suggestion = closest_match(text, names);
        fail(node,
             what + " names `" + text + "`, which is not a tier of classification `" +
                 classification.name + "`",
             suggestion ? "did you mean `" + *suggestion + "`?" : "");
    }

    std::vector<std::string> tier_list(const Classification& classification, const YAML::Node& node,
                                       const std::string& what) const {
        std::vector<std::string> names;
        if (node.IsScalar()) {
            names.push_back(tier_name_of(classification, node, what));
        } else if (node.IsSequence() && node.size() > 0) {
            for (const auto& item : node) names.push_back(tier_name_of(classification, item, what));
        } else {
            fail(node, what + " must be a tier or a list of tiers, like [A, B]");
        }
        return names;
    }

    ApprovalRule read_approval(const Classification& classification, const YAML::Node& node,
                               const std::string& owner) const {
        check_keys(node, policy_keys(PolicyMapping::approval), "an approval rule of " + owner);
        ApprovalRule rule;
        rule.where = at(node);
        if (node["from"]) rule.from = tier_list(classification, node["from"], "`from`");
        if (node["to"]) rule.to = tier_list(classification, node["to"], "`to`");
        if (const YAML::Node jumps = node["jumps_of_more_than"]) {
            if (node["from"] || node["to"]) {
                fail(jumps, "an approval rule is either `from`/`to` or `jumps_of_more_than`",
                     "write them as two rules");
            }
            // A move crosses at most (tiers - 1) tiers, so a limit must be below that.
            const int largest = static_cast<int>(classification.tiers.size()) - 2;
            int count = 0;
            if (!YAML::convert<int>::decode(jumps, count) || count < 1 || count > largest) {
                fail(jumps, largest < 1 ? "`jumps_of_more_than` needs at least three tiers"
                                        : "`jumps_of_more_than` must be a whole number from 1 to " +
                                              std::to_string(largest));
            }
            rule.jumps_of_more_than = count;
        } else if (!node["from"] && !node["to"]) {
            fail(node, "an approval rule needs `from`, `to` or `jumps_of_more_than`");
        }
        if (const YAML::Node direction = node["direction"]) {
            rule.direction = scalar(direction, "`direction`");
            if (rule.direction != "upgrade" && rule.direction != "downgrade") {
                fail(direction,
                     "`direction` of an approval rule must be `upgrade` or `downgrade`, not `" +
                         rule.direction + "`",
                     "leave it out for moves either way");
            }
        }
        return rule;
    }

    Tier read_tier(const YAML::Node& node, const std::string& owner) const {
        check_keys(node, policy_keys(PolicyMapping::tier), "a tier of " + owner);
        Tier tier;
        tier.where = at(node);
        tier.name = name(node["name"], "a tier's `name`");
        if (const YAML::Node flag = node["default"]) tier.is_default = boolean(flag, "`default`");
        const YAML::Node when = node["when"];
        if (tier.is_default && when) {
            fail(when, "tier `" + tier.name + "` is the default and cannot have a `when` rule",
                 "the default tier holds every customer that no other tier's rule matches");
        }
        if (!tier.is_default) {
            if (!when) {
                fail(node, "tier `" + tier.name + "` of " + owner + " has no `when` rule",
                     "add `when: <condition>`, or `default: true` if it is the fallback tier");
            }
            tier.when_text = scalar(when, "`when`");
            SourceLocation start = at(when);
            // A quoted rule's mark is its opening quote; its text starts one further.
            if (when.Tag() == "!" && start.column > 0) ++start.column;
            tier.when = parse_rule(tier.when_text, start);
        }
        if (const YAML::Node flag = node["immediate"])
            tier.immediate = boolean(flag, "`immediate`");
        if (const YAML::Node after = node["upgrade_after"]) {
            tier.upgrade_after = parse_upgrade_delay(scalar(after, "`upgrade_after`"));
            if (!tier.upgrade_after) {
                fail(after, "`upgrade_after` must be a count of evaluations, a duration, or both",
                     "e.g. `3 evaluations`, `14d`, or `3 evaluations and 14d`");
            }
            if ((tier.upgrade_after->evaluations == 0 && !tier.upgrade_after->holding) ||
                (tier.upgrade_after->holding && tier.upgrade_after->holding->count == 0)) {
                fail(after, "`upgrade_after` must be at least 1 evaluation or 1 unit of time");
            }
            if (tier.immediate) {
                fail(after,
                     "tier `" + tier.name +
                         "` is `immediate` and cannot wait with "
                         "`upgrade_after`",
                     "keep one of the two");
            }
        }
        if (const YAML::Node values = node["set"]) {
            if (!values.IsMap() || values.size() == 0) {
                fail(values, "`set` must map ERP fields to values, like `{credit_limit: 0}`");
            }
            for (const auto& entry : values) {
                tier.set.push_back(
                    {name(entry.first, "a field of `set`"),
                     scalar(entry.second, "the value of `" + entry.first.Scalar() + "`"),
                     at(entry.first)});
            }
        }
        return tier;
    }

    bool boolean(const YAML::Node& node, const std::string& what) const {
        bool value = false;
        if (!YAML::convert<bool>::decode(node, value)) fail(node, what + " must be true or false");
        return value;
    }

  private:
    std::string file_;
    const std::string& text_;
};

}  // namespace

Policy parse_policy(const std::string& text, const std::string& file) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& error) {
        throw PolicyError({file, error.mark.line + 1, character_column(text, error.mark)},
                          "not valid YAML: " + error.msg,
                          "check the indentation and that every `key:` has a space after it");
    }
    Policy policy = PolicyReader(file, text).read(root);
    policy.content_hash = sha256_hex(text);
    policy.warnings = lint_policy(policy);
    return policy;
}

Policy load_policy_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw PolicyError({path, 0, 0},
                          "cannot read the policy file: " + std::string(strerror(errno)),
                          "check the path given with --policy");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_policy(text.str(), path);
}

}  // namespace tierd
