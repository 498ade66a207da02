// Evaluating and rendering an explanation.
#include "cli/customer_explanation.hpp"

#include <fmt/format.h>

#include "cli/audit_row_format.hpp"
#include "pipeline/tier_change_writer.hpp"
#include "rules/transition_rules.hpp"

namespace tierd {

ClassificationExplanation explain_classification(const Classification& classification,
                                                 const CustomerState& state,
                                                 const MetricValues& values, TimePoint now) {
    ClassificationExplanation explanation;
    explanation.classification = &classification;
    explanation.state = state;
    for (const auto& tier : classification.tiers) {
        TierVerdict verdict;
        verdict.tier = &tier;
        if (tier.when) {
            verdict.trace = tier.when->trace(values);
            verdict.holds = verdict.trace->holds;
        } else {
            verdict.holds = true;
        }
        explanation.tiers.push_back(std::move(verdict));
    }
    const TierMatch match = select_tier(classification, values);
    explanation.selected_tier = match.tier->name;
    explanation.selected_rule = match.rule;
    explanation.metrics_json = metrics_json(classification, values);
    const Decision decision = decide_transition(classification, state, values, now);
    explanation.outlook = move_outlook(classification, state, decision, match.tier->name, now);
    return explanation;
}

namespace {

const char* yes_no(bool holds) {
    return holds ? "yes" : "no ";
}

// "all of:" an and, "any of:" an or, "not:" a not.
const char* joined_text(const std::string& joined_by) {
    return joined_by == "and" ? "all of:" : joined_by == "or" ? "any of:" : "not:";
}

void print_trace(std::ostream& out, const RuleTrace& trace, int depth) {
    const std::string indent(6 + 4 * depth, ' ');
    if (trace.parts.empty()) {
        out << indent << yes_no(trace.holds) << "  " << trace.clause;
        if (!trace.compared.empty()) out << "    (" << trace.compared << ")";
        out << "\n";
        return;
    }
    out << indent << (depth > 0 ? std::string(yes_no(trace.holds)) + "  " : "")
        << joined_text(trace.joined_by) << "\n";
    for (const auto& part : trace.parts) print_trace(out, part, depth + 1);
}

nlohmann::json trace_json(const RuleTrace& trace) {
    nlohmann::json json = {{"clause", trace.clause}, {"holds", trace.holds}};
    if (!trace.compared.empty()) json["compared"] = trace.compared;
    if (!trace.parts.empty()) {
        json["joined_by"] = trace.joined_by;
        json["parts"] = nlohmann::json::array();
        for (const auto& part : trace.parts) json["parts"].push_back(trace_json(part));
    }
    return json;
}

nlohmann::json optional_time(const std::optional<TimePoint>& time) {
    return time ? nlohmann::json(utc_minute(*time)) : nlohmann::json();
}

void print_classification(std::ostream& out, const CustomerExplanation& whole,
                          const ClassificationExplanation& explanation) {
    const Classification& classification = *explanation.classification;
    const CustomerState& state = explanation.state;
    out << "\n" << classification.name << ": ";
    if (state.tier) {
        out << *state.tier << " since " << (state.since ? utc_minute(*state.since) : "?");
    } else {
        out << "not classified yet";
    }
    out << "\n  metrics today: " << metric_values_text(explanation.metrics_json) << "\n";
    out << "  tiers, tried top down ("
        << (classification.best == BestEnd::first ? "the first" : "the last") << " is the best):\n";
    bool selected_seen = false;
    for (const auto& verdict : explanation.tiers) {
        const Tier& tier = *verdict.tier;
        const bool selected = tier.name == explanation.selected_tier && !selected_seen;
        out << "  " << tier.name << ": ";
        if (!verdict.trace) {
            out << "default" << (selected ? " <- selected: no rule above holds" : "") << "\n";
        } else {
            out << (verdict.holds ? "holds" : "does not hold")
                << (selected ? " <- selected: the first whose rule holds" : "")
                << (selected_seen ? " (not reached)" : "") << "\n";
            print_trace(out, *verdict.trace, 0);
        }
        selected_seen = selected_seen || selected;
    }
    out << "  rules of change: " << explanation.outlook.sentence << "\n";
    if (state.pin) {
        out << "  pin: " << state.pin->tier << " by " << state.pin->actor << " until "
            << (state.pin->until ? utc_minute(*state.pin->until) : "removed") << ": "
            << state.pin->reason << "\n";
    } else {
        out << "  pin: none\n";
    }
    if (state.pending_tier) {
        out << "  waiting approval: " << state.tier.value_or("(none)") << " -> "
            << *state.pending_tier << " since "
            << (state.pending_since ? utc_minute(*state.pending_since) : "?") << " ("
            << state.pending_rule << ")\n";
    } else {
        out << "  waiting approval: none\n";
    }
    if (state.rejected_tier) {
        out << "  rejected: the move to " << *state.rejected_tier
            << " (not proposed again until the rules select another tier)\n";
    }
    if (explanation.audit.empty()) {
        out << "  last audit rows: none\n";
        return;
    }
    out << "  last audit rows (tierctl audit --customer " << whole.customer.id
        << " --classification " << classification.name << " for all):\n";
    for (const auto& row : explanation.audit) {
        out << "    "
            << fmt::format(
                   "#{} {} {} -> {}{} [{}] by {} | rule: {} | metrics: {}", row.seq,
                   row.recorded_at, row.entry.from_tier.value_or("(none)"), row.entry.to_tier,
                   row.entry.direction.empty() ? "" : " (" + row.entry.direction + ")",
                   row.entry.trigger, row.entry.actor, row.entry.rule, row.entry.metrics_json)
            << "\n";
    }
}

}  // namespace

void print_explanation(std::ostream& out, const CustomerExplanation& explanation) {
    out << explanation.customer.label() << ", as of " << utc_minute(explanation.as_of)
        << ", policy " << explanation.policy->version << " ("
        << explanation.policy->content_hash.substr(0, 12) << ")\n";
    for (const auto& classification : explanation.classifications) {
        print_classification(out, explanation, classification);
    }
}

nlohmann::json explanation_json(const CustomerExplanation& explanation) {
    const CustomerNames& names = explanation.names;
    nlohmann::json classifications = nlohmann::json::array();
    for (const auto& each : explanation.classifications) {
        const CustomerState& state = each.state;
        nlohmann::json tiers = nlohmann::json::array();
        for (const auto& verdict : each.tiers) {
            nlohmann::json tier = {{"name", verdict.tier->name},
                                   {"default", verdict.tier->is_default},
                                   {"holds", verdict.holds}};
            if (verdict.trace) {
                tier["rule"] = verdict.tier->when_text;
                tier["evaluation"] = trace_json(*verdict.trace);
            }
            tiers.push_back(tier);
        }
        nlohmann::json audit = nlohmann::json::array();
        for (const auto& row : each.audit) audit.push_back(audit_json(row, names));
        nlohmann::json pin;
        if (state.pin) {
            pin = {{"tier", state.pin->tier},
                   {"actor", state.pin->actor},
                   {"reason", state.pin->reason},
                   {"until", optional_time(state.pin->until)}};
        }
        nlohmann::json pending;
        if (state.pending_tier) {
            pending = {{"to_tier", *state.pending_tier},
                       {"rule", state.pending_rule},
                       {"since", optional_time(state.pending_since)}};
        }
        classifications.push_back(
            {{"classification", each.classification->name},
             {"tier", state.tier ? nlohmann::json(*state.tier) : nlohmann::json()},
             {"since", optional_time(state.since)},
             {"metrics", nlohmann::json::parse(each.metrics_json)},
             {"tiers", tiers},
             {"selected", {{"tier", each.selected_tier}, {"rule", each.selected_rule}}},
             {"outlook",
              {{"sentence", each.outlook.sentence},
               {"to_tier", each.outlook.target_tier ? nlohmann::json(*each.outlook.target_tier)
                                                    : nlohmann::json()},
               {"until", optional_time(each.outlook.until)},
               {"evaluations", each.outlook.evaluations}}},
             {"pin", pin},
             {"waiting_approval", pending},
             {"rejected_tier",
              state.rejected_tier ? nlohmann::json(*state.rejected_tier) : nlohmann::json()},
             {"audit", audit}});
    }
    return {{"customer_id", explanation.customer.id},
            {"customer_code", explanation.customer.code},
            {"customer_name", explanation.customer.name},
            {"as_of", utc_minute(explanation.as_of)},
            {"policy_version", explanation.policy->version},
            {"policy_hash", explanation.policy->content_hash},
            {"classifications", classifications}};
}

}  // namespace tierd
