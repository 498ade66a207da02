// Where one customer stands in one classification, as stored between evaluations: its tier,
// the move it is waiting to make (hysteresis, grace), a move awaiting approval, and a pin.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace tierd {

// A person's decision that wins over the rules until it expires.
struct Pin {
    std::string tier;
    std::optional<TimePoint> until;  // none: until removed
    std::string reason;
    std::string actor;

    bool active_at(TimePoint now) const { return !until || now < *until; }
};

struct CustomerState {
    std::optional<std::string> tier;  // none: never classified
    std::optional<TimePoint> since;   // when it entered its tier

    // A move the rules ask for but that has not yet waited long enough: for an upgrade, the
    // better tier whose rule has held `candidate_count` evaluations in a row since
    // `candidate_since`; for a downgrade, the worse tier selected last, the customer having
    // been selected below its tier since `candidate_since` (see Classification::best).
    std::optional<std::string> candidate_tier;
    int candidate_count = 0;
    std::optional<TimePoint> candidate_since;

    // A move that waits for a person's approval (see ApprovalRule), since when it waits.
    std::optional<std::string> pending_tier;
    std::string pending_rule;
    std::optional<TimePoint> pending_since;

    // A move a person rejected (tierctl reject): the rules do not propose it again until
    // they select another tier for this customer.
    std::optional<std::string> rejected_tier;

    std::optional<Pin> pin;

    // No move waiting to have waited long enough (upgrade_after, grace).
    void clear_candidate() {
        candidate_tier.reset();
        candidate_count = 0;
        candidate_since.reset();
    }
    // No move waiting for a person's approval.
    void clear_pending() {
        pending_tier.reset();
        pending_rule.clear();
        pending_since.reset();
    }

    bool operator==(const CustomerState& other) const;
    bool operator!=(const CustomerState& other) const { return !(*this == other); }
};

}  // namespace tierd
