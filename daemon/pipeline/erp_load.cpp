// The load average and the pace it sets.
#include "pipeline/erp_load.hpp"

#include <algorithm>
#include <cmath>

namespace tierd {

void ErpLoadGauge::observe(double sessions_at_work, Clock::time_point at) {
    if (!last_) {
        average_ = sessions_at_work;
    } else {
        // Weighted by the time since the last sample: samples come with every batch, some
        // milliseconds apart when events trickle in, seconds apart while yielding.
        const double elapsed = std::chrono::duration<double>(at - *last_).count();
        const double constant = std::chrono::duration<double>(time_constant).count();
        const double weight = 1 - std::exp(-std::max(0.0, elapsed) / constant);
        average_ += weight * (sessions_at_work - average_);
    }
    last_ = at;
}

Pace choose_pace(bool erp_busy, std::optional<std::chrono::milliseconds> oldest_wait,
                 std::chrono::milliseconds max_lag) {
    if (!erp_busy) return Pace::full_speed;
    if (oldest_wait && *oldest_wait > max_lag) return Pace::catching_up;
    return Pace::yielding;
}

std::chrono::milliseconds rest_after(std::chrono::milliseconds work,
                                     std::chrono::milliseconds min_rest, double share) {
    const auto rest = std::chrono::milliseconds(
        std::llround(static_cast<double>(work.count()) * (1 - share) / share));
    return std::max(rest, min_rest);
}

}  // namespace tierd
