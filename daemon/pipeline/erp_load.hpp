// Yielding to a busy ERP. The daemon's work competes with the ERP's for the database server's
// cores: at saturation, every customer it re-evaluates is ERP throughput lost. So when the
// ERP keeps the server busy, tierd works a share of the time (--busy-share, a fiftieth
// by default), one batch per poll interval at most, and lets its backlog wait up to a bound
// (the longest an event may wait); it catches up once the ERP quiets down, as autovacuum's
// cost delay keeps maintenance from crowding out the work it serves.
#pragma once

#include <chrono>
#include <optional>

namespace tierd {

// The ERP's load, from samples of its sessions at work (tierd.erp_sessions_at_work()): an
// average that forgets with a time constant of a few seconds, so one sample of an idle
// moment under saturation, or of a burst in a quiet hour, does not flip the verdict.
class ErpLoadGauge {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds time_constant{2000};

    // busy_sessions: the average of ERP sessions at work from which the ERP counts as busy
    // (about the server's cores: more sessions than cores queue for CPU); 0 never.
    explicit ErpLoadGauge(double busy_sessions) : busy_sessions_(busy_sessions) {}

    void observe(double sessions_at_work, Clock::time_point at);
    double average() const { return average_; }
    bool busy() const { return busy_sessions_ > 0 && average_ >= busy_sessions_; }

  private:
    double busy_sessions_;
    double average_ = 0;
    std::optional<Clock::time_point> last_;
};

enum class Pace {
    full_speed,  // the ERP leaves room: drain as fast as the workers go
    yielding,    // the ERP is busy: one worker, a share of the time (see rest_after)
    catching_up  // the ERP is busy, but an event has waited longer than allowed
};

// How the daemon works next, from the ERP's load and the wait of the oldest queued event
// (nullopt: the queue is empty).
Pace choose_pace(bool erp_busy, std::optional<std::chrono::milliseconds> oldest_wait,
                 std::chrono::milliseconds max_lag);

// While yielding, the rest after a step (a batch, a chunk of a pass) that took `work`: the
// daemon then works `share` of the time (0 < share <= 1; 0.1 rests nine times as long as it
// worked), and at most one step per `min_rest` (the poll interval): every step ends with a
// commit, whose WAL flush the ERP's commits queue behind, and larger batches cost less per
// customer.
std::chrono::milliseconds rest_after(std::chrono::milliseconds work,
                                     std::chrono::milliseconds min_rest, double share);

}  // namespace tierd
