// Counting and the Prometheus text exposition format (version 0.0.4).
#include "pipeline/daemon_metrics.hpp"

#include <fmt/format.h>

namespace tierd {

namespace {

const char* kind_label(BatchKind kind) {
    return kind == BatchKind::queue ? "queue" : "full_pass";
}

// A label value: backslash, double quote and newline escaped, as the format requires.
std::string label_value(const std::string& text) {
    std::string escaped;
    for (const char c : text) {
        if (c == '\\' || c == '"') {
            escaped += '\\';
            escaped += c;
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void DaemonMetrics::record_batch(BatchKind kind, std::chrono::duration<double> took, size_t events,
                                 size_t customers, const std::vector<Change>& changes) {
    const std::lock_guard<std::mutex> lock(mutex_);
    Histogram& histogram = batches_[kind];
    size_t bucket = 0;
    while (bucket < kBatchBuckets.size() && took.count() > kBatchBuckets[bucket]) ++bucket;
    if (bucket < kBatchBuckets.size()) ++histogram.buckets[bucket];
    ++histogram.count;
    histogram.sum += took.count();
    events_claimed_[kind] += events;
    customers_evaluated_[kind] += customers;
    for (const auto& change : changes) ++changes_[{change.classification, change.direction}];
    audit_rows_ += changes.size();
}

void DaemonMetrics::set_connected(bool connected) {
    const std::lock_guard<std::mutex> lock(mutex_);
    connected_ = connected;
}

void DaemonMetrics::count_reconnect() {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++reconnects_;
}

void DaemonMetrics::set_erp_load(bool yielding, double sessions_at_work) {
    const std::lock_guard<std::mutex> lock(mutex_);
    yielding_ = yielding;
    erp_sessions_ = sessions_at_work;
}

void DaemonMetrics::set_queue(size_t events, std::optional<double> oldest_age_seconds) {
    const std::lock_guard<std::mutex> lock(mutex_);
    queue_events_ = events;
    queue_oldest_age_ = oldest_age_seconds;
}

void DaemonMetrics::forget_queue() {
    const std::lock_guard<std::mutex> lock(mutex_);
    queue_events_.reset();
    queue_oldest_age_.reset();
}

void DaemonMetrics::set_policy(const std::string& version, const std::string& sha256) {
    const std::lock_guard<std::mutex> lock(mutex_);
    policy_version_ = version;
    policy_sha256_ = sha256;
}

void DaemonMetrics::count_policy_load_failure() {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++policy_load_failures_;
}

void DaemonMetrics::full_pass_started() {
    const std::lock_guard<std::mutex> lock(mutex_);
    full_pass_running_ = true;
}

void DaemonMetrics::full_pass_finished(std::chrono::duration<double> took, double ended) {
    const std::lock_guard<std::mutex> lock(mutex_);
    full_pass_running_ = false;
    ++full_passes_;
    full_pass_last_end_ = ended;
    full_pass_last_duration_ = took.count();
}

void DaemonMetrics::full_pass_abandoned() {
    const std::lock_guard<std::mutex> lock(mutex_);
    full_pass_running_ = false;
}

std::string DaemonMetrics::render() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    const BatchKind kinds[] = {BatchKind::queue, BatchKind::full_pass};
    auto value_of = [](const std::map<BatchKind, unsigned long long>& counts, BatchKind kind) {
        const auto found = counts.find(kind);
        return found == counts.end() ? 0ULL : found->second;
    };

    header(out, "tierd_database_connected", "gauge",
           "1 while the daemon is connected to the ERP database, else 0.");
    out += fmt::format("tierd_database_connected {}\n", connected_ ? 1 : 0);
    header(out, "tierd_reconnects_total", "counter",
           "Connections made again after the database connection was lost.");
    out += fmt::format("tierd_reconnects_total {}\n", reconnects_);

    if (queue_events_) {
        header(out, "tierd_queue_events", "gauge",
               "Events waiting in tierd.queue, as last sampled (at most a few seconds ago).");
        out += fmt::format("tierd_queue_events {}\n", *queue_events_);
        header(out, "tierd_queue_oldest_event_age_seconds", "gauge",
               "How long the oldest queued event has waited (0 when the queue is empty).");
        out += fmt::format("tierd_queue_oldest_event_age_seconds {}\n",
                           queue_oldest_age_.value_or(0.0));
    }

    header(out, "tierd_events_claimed_total", "counter",
           "Queued events consumed by committed batches (a full pass consumes the events of "
           "the customers it re-evaluates).");
    for (const BatchKind kind : kinds) {
        out += fmt::format("tierd_events_claimed_total{{batch=\"{}\"}} {}\n", kind_label(kind),
                           value_of(events_claimed_, kind));
    }
    header(out, "tierd_customers_evaluated_total", "counter",
           "Customers the policy was applied to in committed batches.");
    for (const BatchKind kind : kinds) {
        out += fmt::format("tierd_customers_evaluated_total{{batch=\"{}\"}} {}\n", kind_label(kind),
                           value_of(customers_evaluated_, kind));
    }
    header(out, "tierd_tier_changes_total", "counter",
           "Changes of tier written, by classification and direction (upgrade: to a better "
           "tier; initial: a customer's first tier).");
    for (const auto& [key, count] : changes_) {
        out +=
            fmt::format("tierd_tier_changes_total{{classification=\"{}\",direction=\"{}\"}} {}\n",
                        label_value(key.first), label_value(key.second), count);
    }
    header(out, "tierd_audit_rows_written_total", "counter",
           "Rows this daemon appended to tierd.audit_log.");
    out += fmt::format("tierd_audit_rows_written_total {}\n", audit_rows_);

    header(out, "tierd_batch_duration_seconds", "histogram",
           "Time a committed batch took, from its first statement to its commit.");
    for (const BatchKind kind : kinds) {
        const auto found = batches_.find(kind);
        const Histogram histogram = found == batches_.end() ? Histogram{} : found->second;
        unsigned long long cumulative = 0;
        for (size_t bucket = 0; bucket < kBatchBuckets.size(); ++bucket) {
            cumulative += histogram.buckets[bucket];
            out += fmt::format("tierd_batch_duration_seconds_bucket{{batch=\"{}\",le=\"{}\"}} {}\n",
                               kind_label(kind), kBatchBuckets[bucket], cumulative);
        }
        out += fmt::format("tierd_batch_duration_seconds_bucket{{batch=\"{}\",le=\"+Inf\"}} {}\n",
                           kind_label(kind), histogram.count);
        out += fmt::format("tierd_batch_duration_seconds_sum{{batch=\"{}\"}} {}\n",
                           kind_label(kind), histogram.sum);
        out += fmt::format("tierd_batch_duration_seconds_count{{batch=\"{}\"}} {}\n",
                           kind_label(kind), histogram.count);
    }

    header(out, "tierd_yielding", "gauge",
           "1 while the daemon yields to a busy ERP (--busy-share of the time), else 0.");
    out += fmt::format("tierd_yielding {}\n", yielding_ ? 1 : 0);
    header(out, "tierd_erp_sessions_at_work", "gauge",
           "The ERP's sessions at work, averaged over the last seconds (see "
           "--erp-busy-sessions).");
    out += fmt::format("tierd_erp_sessions_at_work {}\n", erp_sessions_);

    header(out, "tierd_policy_info", "gauge",
           "The policy in force: its version and the sha256 of its file, as labels.");
    out += fmt::format("tierd_policy_info{{version=\"{}\",sha256=\"{}\"}} 1\n",
                       label_value(policy_version_), label_value(policy_sha256_));
    header(out, "tierd_policy_load_failures_total", "counter",
           "Policy reloads refused (the policy in force stayed).");
    out += fmt::format("tierd_policy_load_failures_total {}\n", policy_load_failures_);

    header(out, "tierd_full_pass_running", "gauge",
           "1 while a re-evaluation of every customer is under way, else 0.");
    out += fmt::format("tierd_full_pass_running {}\n", full_pass_running_ ? 1 : 0);
    header(out, "tierd_full_passes_total", "counter",
           "Re-evaluations of every customer completed.");
    out += fmt::format("tierd_full_passes_total {}\n", full_passes_);
    if (full_pass_last_end_) {
        header(out, "tierd_full_pass_last_end_timestamp_seconds", "gauge",
               "When the last complete re-evaluation of every customer ended (Unix time).");
        out += fmt::format("tierd_full_pass_last_end_timestamp_seconds {:.3f}\n",
                           *full_pass_last_end_);
        header(out, "tierd_full_pass_last_duration_seconds", "gauge",
               "How long the last complete re-evaluation of every customer took.");
        out += fmt::format("tierd_full_pass_last_duration_seconds {}\n", *full_pass_last_duration_);
    }
    return out;
}

}  // namespace tierd
