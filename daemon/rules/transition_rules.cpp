// The rules of change: pins first, then the selected tier, then upgrade delays (hysteresis)
// and downgrade grace, then approval. Up and down follow the classification's `best` end.
#include "rules/transition_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace tierd {

bool CustomerState::operator==(const CustomerState& other) const {
    const auto same_pin = [](const std::optional<Pin>& a, const std::optional<Pin>& b) {
        if (!a || !b) return !a && !b;
        return a->tier == b->tier && a->until == b->until && a->reason == b->reason &&
               a->actor == b->actor;
    };
    return tier == other.tier && since == other.since && candidate_tier == other.candidate_tier &&
           candidate_count == other.candidate_count && candidate_since == other.candidate_since &&
           pending_tier == other.pending_tier && pending_rule == other.pending_rule &&
           pending_since == other.pending_since && rejected_tier == other.rejected_tier &&
           same_pin(pin, other.pin);
}

Direction direction_of(const Classification& classification, const std::optional<std::string>& from,
                       const std::string& to) {
    if (!from) return Direction::none;
    const int from_standing = classification.standing_of(*from);
    const int to_standing = classification.standing_of(to);
    if (from_standing < 0 || to_standing < 0 || from_standing == to_standing) {
        return Direction::none;
    }
    return to_standing < from_standing ? Direction::upgrade : Direction::downgrade;
}

bool is_upgrade(const Classification& classification, const std::string& from,
                const std::string& to) {
    return direction_of(classification, from, to) == Direction::upgrade;
}

bool is_downgrade(const Classification& classification, const std::string& from,
                  const std::string& to) {
    return direction_of(classification, from, to) == Direction::downgrade;
}

const char* direction_name(Direction direction) {
    switch (direction) {
        case Direction::upgrade:
            return "upgrade";
        case Direction::downgrade:
            return "downgrade";
        case Direction::none:
            break;
    }
    return "";
}

TierMatch select_tier(const Classification& classification, const MetricValues& values) {
    for (const auto& tier : classification.tiers) {
        if (tier.when && tier.when->truth(values)) return {&tier, tier.when_text};
    }
    return {&classification.default_tier(), "default"};
}

namespace {

using Days = std::chrono::duration<double, std::ratio<86400>>;

std::string describe_wait(TimePoint since, TimePoint now) {
    return fmt::format("{:.1f} days", Days(now - since).count());
}

bool needs_approval(const Classification& classification, const std::string& from,
                    const std::string& to) {
    const auto contains = [](const std::vector<std::string>& tiers, const std::string& tier) {
        return tiers.empty() || std::find(tiers.begin(), tiers.end(), tier) != tiers.end();
    };
    for (const auto& rule : classification.approvals) {
        if (!rule.direction.empty() &&
            rule.direction != direction_name(direction_of(classification, from, to))) {
            continue;
        }
        if (rule.jumps_of_more_than > 0) {
            const int from_rank = classification.rank_of(from);
            const int to_rank = classification.rank_of(to);
            if (from_rank >= 0 && std::abs(from_rank - to_rank) > rule.jumps_of_more_than) {
                return true;
            }
        } else if (contains(rule.from, from) && contains(rule.to, to)) {
            return true;
        }
    }
    return false;
}

// Whether an upgrade to `target` has waited long enough; updates the candidate.
bool upgrade_is_due(const Tier& target, CustomerState& next, TimePoint now,
                    std::string& explanation) {
    if (next.candidate_tier != target.name) {
        next.candidate_tier = target.name;
        next.candidate_count = 0;
        next.candidate_since = now;
    }
    ++next.candidate_count;
    if (target.immediate || !target.upgrade_after) return true;
    const UpgradeDelay& delay = *target.upgrade_after;
    const bool count_met = next.candidate_count >= delay.evaluations;
    const bool time_met =
        !delay.holding ||
        now - *next.candidate_since >= std::chrono::seconds(delay.holding->approximate_seconds());
    if (count_met && time_met) return true;
    explanation = fmt::format("upgrade to {} waits: its rule has held {} evaluation(s)",
                              target.name, next.candidate_count);
    if (delay.evaluations > 0) explanation += fmt::format(" of {}", delay.evaluations);
    if (delay.holding) {
        explanation += fmt::format(", for {} of {}", describe_wait(*next.candidate_since, now),
                                   delay.holding->to_string());
    }
    return false;
}

// Whether a downgrade to `target` has waited out the grace; updates the candidate.
bool downgrade_is_due(const Classification& classification, const Tier& target, CustomerState& next,
                      TimePoint now, std::string& explanation) {
    const bool already_below = next.candidate_tier && next.candidate_since &&
                               is_downgrade(classification, *next.tier, *next.candidate_tier);
    if (!already_below) {
        next.candidate_count = 0;
        next.candidate_since = now;
    }
    next.candidate_tier = target.name;
    ++next.candidate_count;
    if (target.immediate || !classification.downgrade_grace) return true;
    const auto grace = std::chrono::seconds(classification.downgrade_grace->approximate_seconds());
    if (now - *next.candidate_since >= grace) return true;
    explanation = fmt::format("downgrade to {} waits: below its tier for {} of {} grace",
                              target.name, describe_wait(*next.candidate_since, now),
                              classification.downgrade_grace->to_string());
    return false;
}

}  // namespace

Decision decide_transition(const Classification& classification, const CustomerState& state,
                           const MetricValues& values, TimePoint now) {
    Decision decision;
    decision.from_tier = state.tier;
    decision.next = state;
    CustomerState& next = decision.next;

    if (next.pin && !next.pin->active_at(now)) next.pin.reset();  // expired: rules resume
    if (next.pin && classification.find_tier(next.pin->tier)) {
        decision.kind = Decision::Kind::pinned;
        decision.to_tier = next.pin->tier;
        decision.rule = "pin";
        decision.explanation =
            "pinned to " + next.pin->tier + " by " + next.pin->actor + ": " + next.pin->reason;
        next.clear_candidate();
        next.clear_pending();
        if (decision.changes_tier()) {
            next.tier = next.pin->tier;
            next.since = now;
        }
        return decision;
    }

    const TierMatch match = select_tier(classification, values);
    decision.rule = match.rule;
    if (!next.tier || !classification.find_tier(*next.tier)) {
        // New customers start in the initial tier (the default one unless configured) and
        // move on from there by the ordinary rules; a tier gone from the policy is left.
        const std::string start = next.tier || classification.initial_tier.empty()
                                      ? match.tier->name
                                      : classification.initial_tier;
        next.tier = start;
        next.since = now;
        next.clear_candidate();
        if (start == match.tier->name) {
            decision.kind = Decision::Kind::move;
            decision.to_tier = start;
            decision.explanation = state.tier ? "its tier left the policy" : "first classification";
            return decision;
        }
    }

    const std::string current = *next.tier;
    const Tier& target = *match.tier;
    // A rejection stands until the rules select another tier than the rejected one.
    if (next.rejected_tier && *next.rejected_tier != target.name) next.rejected_tier.reset();
    if (target.name == current) {
        next.clear_candidate();
        next.clear_pending();
        decision.kind = state.tier == current ? Decision::Kind::stay : Decision::Kind::move;
        decision.to_tier = current;
        decision.explanation = "its rule still selects " + current;
        return decision;
    }

    if (next.rejected_tier) {
        next.clear_candidate();
        next.clear_pending();
        decision.kind = state.tier == current ? Decision::Kind::stay : Decision::Kind::move;
        decision.to_tier = current;
        decision.explanation = "the move " + current + " -> " + target.name +
                               " was rejected: it is not proposed again until the rules select "
                               "another tier";
        return decision;
    }

    std::string explanation;
    const bool due = is_upgrade(classification, current, target.name)
                         ? upgrade_is_due(target, next, now, explanation)
                         : downgrade_is_due(classification, target, next, now, explanation);
    decision.to_tier = current;
    if (!due) {
        // An approval waits only for the move the rules still ask for.
        if (next.pending_tier && *next.pending_tier != target.name) next.clear_pending();
        decision.kind = state.tier == current ? Decision::Kind::stay : Decision::Kind::move;
        decision.explanation = explanation;
        return decision;
    }
    if (state.tier && needs_approval(classification, current, target.name)) {
        decision.kind = Decision::Kind::pending_approval;
        decision.explanation = "the move " + current + " -> " + target.name + " waits for approval";
        if (next.pending_tier != target.name || !next.pending_since) next.pending_since = now;
        next.pending_tier = target.name;
        next.pending_rule = match.rule;
        return decision;
    }
    next.clear_candidate();
    next.clear_pending();
    next.tier = target.name;
    next.since = now;
    decision.kind = Decision::Kind::move;
    decision.to_tier = target.name;
    decision.explanation = fmt::format("{} -> {}", current, target.name);
    return decision;
}

MoveWait wait_for_move(const Classification& classification, const CustomerState& next) {
    MoveWait wait;
    if (!next.tier || !next.candidate_tier || !next.candidate_since) return wait;
    const Direction direction = direction_of(classification, next.tier, *next.candidate_tier);
    if (direction == Direction::downgrade && classification.downgrade_grace) {
        wait.until = *next.candidate_since +
                     std::chrono::seconds(classification.downgrade_grace->approximate_seconds());
        return wait;
    }
    const Tier* target = classification.find_tier(*next.candidate_tier);
    if (direction != Direction::upgrade || !target || !target->upgrade_after) return wait;
    const UpgradeDelay& delay = *target->upgrade_after;
    wait.evaluations_left = std::max(0, delay.evaluations - next.candidate_count);
    if (delay.holding) {
        wait.until =
            *next.candidate_since + std::chrono::seconds(delay.holding->approximate_seconds());
    }
    return wait;
}

}  // namespace tierd
