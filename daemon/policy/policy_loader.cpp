// The YAML side of policy loading: structure, keys, and the tiers' invariants.
#include "policy/policy_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/sha256.hpp"
#include "policy/closest_match.hpp"
#include "policy/rule_parser.hpp"

namespace tierd {

namespace {

// The keys allowed in each kind of mapping; one declaration drives checks and hints.
struct KeySpec {
    const char* name;
    bool required;
};
const std::vector<KeySpec> kPolicyKeys = {{"version", true}, {"classifications", true}};
const std::vector<KeySpec> kClassificationKeys = {
    {"name", true}, {"target", true}, {"evaluate_every", false}, {"tiers", true}};
const std::vector<KeySpec> kTierKeys = {{"name", true}, {"when", false}, {"default", false}};

class PolicyReader {
  public:
    explicit PolicyReader(std::string file) : file_(std::move(file)) {}

    SourceLocation at(const YAML::Node& node) const {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null()) return {file_, 0, 0};
        return {file_, mark.line + 1, mark.column + 1};
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message,
                           std::string hint = {}) const {
        throw PolicyError(at(node), message, std::move(hint));
    }

    void check_keys(const YAML::Node& map, const std::vector<KeySpec>& allowed,
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

    std::string name(const YAML::Node& node, const std::string& what) const {
        const std::string text = scalar(node, what);
        for (char c : text) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                  c == ' ')) {
                fail(node, what + " `" + text + "` may only hold letters, digits, spaces, _ and -");
            }
        }
        return text;
    }

    Policy read(const YAML::Node& root) const {
        if (!root.IsDefined() || root.IsNull()) {
            throw PolicyError({file_, 1, 1}, "the policy file is empty",
                              "start from one of the examples in config/policies/");
        }
        check_keys(root, kPolicyKeys, "the policy");
        Policy policy;
        policy.file = file_;
        policy.version = scalar(root["version"], "`version`");
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
        check_keys(node, kClassificationKeys, "a classification");
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
        if (!tiers.IsSequence() || tiers.size() == 0) {
            fail(tiers, "the tiers of " + owner + " must be a list, best tier first");
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
        return classification;
    }

    Tier read_tier(const YAML::Node& node, const std::string& owner) const {
        check_keys(node, kTierKeys, "a tier of " + owner);
        Tier tier;
        tier.where = at(node);
        tier.name = name(node["name"], "a tier's `name`");
        if (const YAML::Node flag = node["default"]) {
            bool value = false;
            if (!YAML::convert<bool>::decode(flag, value)) {
                fail(flag, "`default` must be true or false");
            }
            tier.is_default = value;
        }
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
            tier.when = parse_rule(tier.when_text, at(when));
        }
        return tier;
    }

  private:
    std::string file_;
};

}  // namespace

Policy parse_policy(const std::string& text, const std::string& file) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& error) {
        throw PolicyError({file, error.mark.line + 1, error.mark.column + 1},
                          "not valid YAML: " + error.msg,
                          "check the indentation and that every `key:` has a space after it");
    }
    Policy policy = PolicyReader(file).read(root);
    policy.content_hash = sha256_hex(text);
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
