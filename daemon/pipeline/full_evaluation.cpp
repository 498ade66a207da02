// The reader connection, its snapshot and the chunk loop.
#include "pipeline/full_evaluation.hpp"

#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "plugin/metric_rows.hpp"
#include "store/connection.hpp"

namespace tierd {

FullEvaluation::FullEvaluation(std::string database_uri, const ErpPlugin& plugin,
                               MetricRequest request, std::string source)
    : database_uri_(std::move(database_uri)),
      plugin_(plugin),
      request_(std::move(request)),
      source_(std::move(source)) {}

FullEvaluation::~FullEvaluation() {
    // Members go in order: the cursor with its transaction before the connection.
    stream_.reset();
    snapshot_.reset();
}

void FullEvaluation::cancel() {
    const std::lock_guard<std::mutex> lock(reader_mutex_);
    cancelled_ = true;
    if (reader_) reader_->cancel_query();
}

void FullEvaluation::fetch(size_t chunk_size) {
    if (!stream_) {
        auto reader = open_connection(database_uri_, "read every customer's metrics");
        prepare_daemon_session(*reader);
        {
            const std::lock_guard<std::mutex> lock(reader_mutex_);
            if (cancelled_) throw TierdError("re-evaluation (" + source_ + ") cancelled");
            reader_ = std::move(reader);
        }
        snapshot_ = std::make_unique<pqxx::read_transaction>(*reader_, "tierd_full_pass_read");
        stream_ = std::make_unique<MetricStream>(*snapshot_, plugin_, request_);
    }
    fetched_ = stream_->next_rows(chunk_size);
    fetched_attributes_ = stream_->attribute_rows(fetched_);
    read_all_ = fetched_.empty();
}

void FullEvaluation::take_fetched() {
    taken_ = std::move(fetched_);
    fetched_.clear();
    taken_attributes_ = std::move(fetched_attributes_);
    fetched_attributes_.clear();
}

void FullEvaluation::process(BatchProcessor& processor, pqxx::connection& worker,
                             const Policy& policy, size_t batch_size) {
    if (!taken_.empty()) {
        auto decoded = decode_metric_rows(taken_, request_.keys);
        apply_attribute_rows(taken_attributes_, decoded);
        chunk_.merge(decoded);
        taken_.clear();
        taken_attributes_.clear();
    }
    auto end = chunk_.begin();
    for (size_t taken = 0; taken < batch_size && end != chunk_.end(); ++taken) ++end;
    const std::map<long long, MetricValues> batch(chunk_.begin(), end);
    report_ += processor.run_snapshot_batch(worker, policy, batch, source_);
    chunk_.erase(chunk_.begin(), end);
}

}  // namespace tierd
