// Decides, for one customer and one classification, whether its tier stays, moves, waits for
// approval, or is held by a pin: pure logic over the policy, the stored state, the metric
// values and the time; no database, so every rule of change is tested without one.
#pragma once

#include <optional>
#include <string>

#include "policy/policy.hpp"
#include "rules/customer_state.hpp"

namespace tierd {

// Which way a move goes, in the classification's own sense of better (its `best` end):
// an upgrade is a move to a better class whichever end of the list that is.
enum class Direction { none, upgrade, downgrade };

// none for a first classification (no `from`), a stay, or a tier the policy does not have.
Direction direction_of(const Classification& classification, const std::optional<std::string>& from,
                       const std::string& to);
bool is_upgrade(const Classification& classification, const std::string& from,
                const std::string& to);
bool is_downgrade(const Classification& classification, const std::string& from,
                  const std::string& to);
// "upgrade", "downgrade", or "" for none: as the audit log records it.
const char* direction_name(Direction direction);

// The tier a customer's metrics select: the first tier in list order whose rule holds,
// else the default tier.
struct TierMatch {
    const Tier* tier;
    std::string rule;  // the rule text that matched; "default" when none did
};
TierMatch select_tier(const Classification& classification, const MetricValues& values);

struct Decision {
    enum class Kind {
        stay,              // the tier does not change (perhaps a move is still waiting)
        move,              // the tier changes now
        pending_approval,  // the rules ask for a move that a person must approve first
        pinned,            // a pin decides; the tier changes if it differs from the pin
    };
    Kind kind = Kind::stay;
    std::optional<std::string> from_tier;  // none for a customer never classified
    std::string to_tier;                   // the tier after this evaluation
    std::string rule;                      // the rule that matched, "default", or "pin"
    std::string explanation;               // for people: why it moves, waits or stays
    CustomerState next;                    // the state to store

    bool changes_tier() const { return !from_tier || *from_tier != to_tier; }
};

Decision decide_transition(const Classification& classification, const CustomerState& state,
                           const MetricValues& values, TimePoint now);

// How long a move the rules ask for must still wait, read from the state an evaluation
// leaves (Decision::next): the earliest time it can happen (downgrade grace, or the
// duration of `upgrade_after`) and the evaluations still needed after that one.
struct MoveWait {
    std::optional<TimePoint> until;  // none: no time to wait
    int evaluations_left = 0;
};
MoveWait wait_for_move(const Classification& classification, const CustomerState& next);

}  // namespace tierd
