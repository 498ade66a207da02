// The rules of change in force for one customer, in words, as `tierctl explain` states them:
// what its next evaluation will do, and what a waiting move still waits for ("moves up to A
// after 2 more evaluations and 9 more days", "stays in B until 2027-01-05 14:00 UTC unless
// the rule for B holds again"). Pure logic over a decision of decide_transition.
#pragma once

#include <optional>
#include <string>

#include "rules/transition_rules.hpp"

namespace tierd {

struct MoveOutlook {
    std::string sentence;                    // for people
    std::optional<std::string> target_tier;  // the tier a waiting or coming move goes to
    std::optional<TimePoint> until;          // the earliest time a waiting move can happen
    int evaluations = 0;                     // evaluations, the next included, before it can happen
};

// `decision` is decide_transition(classification, state, values, now) and `selected` the
// tier the rules select with the same values (select_tier).
MoveOutlook move_outlook(const Classification& classification, const CustomerState& state,
                         const Decision& decision, const std::string& selected, TimePoint now);

// "2027-01-05 14:00 UTC"
std::string utc_minute(TimePoint time);

}  // namespace tierd
