// What the daemon counts for its operator, shown by GET /metrics in Prometheus's text
// format (see monitoring_endpoint.hpp). Batches record from any thread (the daemon's own
// and its backlog helpers); the rest is set by the event loop. Counters count committed
// work only: a batch that rolled back records nothing.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tierd {

enum class BatchKind { queue, full_pass };

class DaemonMetrics {
  public:
    // A committed batch: how long it took, the queued events it consumed, the customers it
    // evaluated, and each change of tier it wrote (one audit row each) by classification
    // and direction ("upgrade", "downgrade", "initial").
    struct Change {
        std::string classification;
        std::string direction;
    };
    void record_batch(BatchKind kind, std::chrono::duration<double> took, size_t events,
                      size_t customers, const std::vector<Change>& changes);

    void set_connected(bool connected);
    void count_reconnect();
    void set_erp_load(bool yielding, double sessions_at_work);
    // The queue as last sampled (events; the oldest one's age, none when empty).
    void set_queue(size_t events, std::optional<double> oldest_age_seconds);
    void forget_queue();
    void set_policy(const std::string& version, const std::string& sha256);
    void count_policy_load_failure();
    void full_pass_started();
    // A pass over every customer completed, at `ended` (seconds since the epoch).
    void full_pass_finished(std::chrono::duration<double> took, double ended);
    void full_pass_abandoned();

    // The exposition, every metric with its HELP and TYPE lines.
    std::string render() const;

  private:
    static constexpr std::array<double, 12> kBatchBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                             0.5,   1,    2.5,   5,    10,  30};
    struct Histogram {
        std::array<unsigned long long, kBatchBuckets.size()> buckets{};  // non-cumulative
        unsigned long long count = 0;
        double sum = 0;
    };

    mutable std::mutex mutex_;
    std::map<BatchKind, Histogram> batches_;
    std::map<BatchKind, unsigned long long> events_claimed_;
    std::map<BatchKind, unsigned long long> customers_evaluated_;
    std::map<std::pair<std::string, std::string>, unsigned long long> changes_;
    unsigned long long audit_rows_ = 0;
    bool connected_ = false;
    unsigned long long reconnects_ = 0;
    bool yielding_ = false;
    double erp_sessions_ = 0;
    std::optional<size_t> queue_events_;
    std::optional<double> queue_oldest_age_;
    std::string policy_version_;
    std::string policy_sha256_;
    unsigned long long policy_load_failures_ = 0;
    bool full_pass_running_ = false;
    unsigned long long full_passes_ = 0;
    std::optional<double> full_pass_last_end_;
    std::optional<double> full_pass_last_duration_;
};

}  // namespace tierd
