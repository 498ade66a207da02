// The declaration of the policy keys (see policy_keys.hpp).
#include "policy/policy_keys.hpp"

namespace tierd {

const std::vector<PolicyMappingSpec>& policy_mappings() {
    static const std::vector<PolicyMappingSpec> mappings = {
        {PolicyMapping::policy,
         "the policy (top level)",
         {
             {"version", true, "text, e.g. 7",
              "recorded in every audit row with the file's sha256; raise it with each change"},
             {"company", false, "a company's name",
              "the company whose books classify the customers and whose fields are written: "
              "required when the database has several"},
             {"classifications", true, "a list of classifications",
              "each independent of the others, each writing its own ERP field"},
         }},
        {PolicyMapping::classification,
         "a classification",
         {
             {"name", true, "a name", "also the name of the parent category in Tryton"},
             {"target", true, "a target of the plugin",
              "the ERP field the tier is written to (Tryton: `category`)"},
             {"evaluate_every", false, "a duration, e.g. 24h",
              "re-evaluate every customer this often, besides events"},
             {"tiers", true, "a list of tiers, in the order they are tried",
              "the first whose `when` holds wins; exactly one is the default"},
             {"best", false, "first or last (default first)",
              "which end of `tiers` is the best class: an upgrade is a move towards it"},
             {"downgrade", false, "a mapping", "how a downgrade (to a worse tier) waits (`grace`)"},
             {"approval", false, "a list of approval rules",
              "moves that wait for `tierctl approve` instead of applying"},
             {"initial_tier", false, "a tier's name",
              "where new customers start (else: where the rules say)"},
         }},
        {PolicyMapping::tier,
         "a tier",
         {
             {"name", true, "a name", "the tier, as written to the ERP"},
             {"when", false, "a rule, e.g. revenue(365d) >= 10,000",
              "the tier's condition; every tier but the default has one"},
             {"default", false, "true or false",
              "the tier of every customer no rule matches; it has no `when`"},
             {"immediate", false, "true or false",
              "moves into this tier never wait (no `upgrade_after`, no grace)"},
             {"upgrade_after", false, "N evaluations, a duration, or both joined by `and`",
              "the rule must keep holding this long before an upgrade into the tier"},
             {"set", false, "a mapping field: value",
              "other ERP fields the tier writes when a customer enters it"},
         }},
        {PolicyMapping::downgrade,
         "`downgrade` of a classification",
         {
             {"grace", true, "a duration, e.g. 30d",
              "a worse tier must keep being selected this long before a downgrade"},
         }},
        {PolicyMapping::approval,
         "an approval rule",
         {
             {"from", false, "a tier or a list of tiers",
              "moves from these tiers (any tier if left out) need approval"},
             {"to", false, "a tier or a list of tiers",
              "moves to these tiers (any tier if left out) need approval"},
             {"jumps_of_more_than", false, "a whole number",
              "instead of from/to: moves across more than this many tiers need approval"},
             {"direction", false, "upgrade or downgrade",
              "only moves this way need approval (moves either way if left out)"},
         }},
    };
    return mappings;
}

const std::vector<PolicyKeySpec>& policy_keys(PolicyMapping mapping) {
    for (const auto& spec : policy_mappings()) {
        if (spec.mapping == mapping) return spec.keys;
    }
    static const std::vector<PolicyKeySpec> none;
    return none;
}

}  // namespace tierd
