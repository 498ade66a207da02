// Sentences for the rules of change, from a decision and the state it leaves.
#include "rules/move_outlook.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tierd {

std::string utc_minute(TimePoint time) {
    return fmt::format("{:%Y-%m-%d %H:%M} UTC",
                       fmt::gmtime(std::chrono::system_clock::to_time_t(time)));
}

namespace {

std::string plural(long long count, const std::string& noun) {
    return fmt::format("{} more {}{}", count, noun, count == 1 ? "" : "s");
}

// "up" or "down" in the classification's own sense of better.
std::string way(const Classification& classification, const std::string& from,
                const std::string& to) {
    switch (direction_of(classification, from, to)) {
        case Direction::upgrade:
            return "up ";
        case Direction::downgrade:
            return "down ";
        case Direction::none:
            break;
    }
    return "";
}

MoveOutlook waiting_outlook(const Classification& classification, const CustomerState& next,
                            TimePoint now) {
    MoveOutlook outlook;
    const std::string& current = *next.tier;
    const std::string& target = *next.candidate_tier;
    outlook.target_tier = target;
    const MoveWait wait = wait_for_move(classification, next);
    outlook.until = wait.until;
    if (direction_of(classification, current, target) == Direction::downgrade) {
        outlook.evaluations = 1;
        outlook.sentence = fmt::format(
            "stays in {} until {} unless the rule for {} holds again; then moves down to {}",
            current, wait.until ? utc_minute(*wait.until) : "its grace ends", current, target);
        return outlook;
    }
    // The evaluation decide_transition simulated is the next one: count it in.
    outlook.evaluations = std::max(1, wait.evaluations_left + 1);
    std::string after = plural(outlook.evaluations, "evaluation");
    if (wait.until && *wait.until > now) {
        using Days = std::chrono::duration<double, std::ratio<86400>>;
        const auto days = static_cast<long long>(std::ceil(Days(*wait.until - now).count()));
        after += " and " + plural(days, "day");
        after += " (not before " + utc_minute(*wait.until) + ")";
    }
    outlook.sentence = fmt::format("moves {}to {} after {}, if the rule for {} keeps holding",
                                   way(classification, current, target), target, after, target);
    return outlook;
}

}  // namespace

MoveOutlook move_outlook(const Classification& classification, const CustomerState& state,
                         const Decision& decision, const std::string& selected, TimePoint now) {
    const CustomerState& next = decision.next;
    MoveOutlook outlook;
    switch (decision.kind) {
        case Decision::Kind::pinned: {
            const Pin& pin = *next.pin;
            outlook.sentence =
                fmt::format("held in {} by a pin ({}, until {}: {}){}", pin.tier, pin.actor,
                            pin.until ? utc_minute(*pin.until) : "removed", pin.reason,
                            selected == pin.tier ? "; the rules select " + selected + " too"
                                                 : "; the rules would select " + selected);
            return outlook;
        }
        case Decision::Kind::pending_approval:
            outlook.target_tier = next.pending_tier;
            outlook.sentence =
                fmt::format("the move {} -> {} waits for approval{} (tierctl approve or reject)",
                            *next.tier, *next.pending_tier,
                            next.pending_since ? " since " + utc_minute(*next.pending_since) : "");
            return outlook;
        case Decision::Kind::move:
            if (decision.changes_tier()) {
                outlook.target_tier = decision.to_tier;
                outlook.evaluations = 1;
                outlook.sentence =
                    state.tier ? fmt::format("moves {}to {} at its next evaluation ({})",
                                             way(classification, *state.tier, decision.to_tier),
                                             decision.to_tier, decision.explanation)
                               : fmt::format("enters {} at its first evaluation", decision.to_tier);
                return outlook;
            }
            break;
        case Decision::Kind::stay:
            break;
    }
    if (next.rejected_tier && *next.rejected_tier == selected) {
        outlook.sentence = fmt::format(
            "stays in {}: the move to {} was rejected, and is not proposed again until the "
            "rules select another tier",
            decision.to_tier, selected);
        return outlook;
    }
    if (next.candidate_tier && next.tier && *next.candidate_tier != *next.tier) {
        return waiting_outlook(classification, next, now);
    }
    outlook.sentence = fmt::format("stays in {}: the rules select {}", decision.to_tier, selected);
    return outlook;
}

}  // namespace tierd
