// The reader connection, its snapshot and the chunk loop.
#include "pipeline/full_evaluation.hpp"

#include <pqxx/pqxx>

#include "store/connection.hpp"

namespace tierd {

FullEvaluation::FullEvaluation(const std::string& database_uri, const ErpPlugin& plugin,
                               const MetricRequest& request, std::string source)
    : source_(std::move(source)) {
    reader_ = open_connection(database_uri, "read every customer's metrics");
    prepare_daemon_session(*reader_);
    snapshot_ = std::make_unique<pqxx::read_transaction>(*reader_, "tierd_full_pass_read");
    stream_ = std::make_unique<MetricStream>(*snapshot_, plugin, request);
}

FullEvaluation::~FullEvaluation() {
    // Members go in order: the cursor with its transaction before the connection.
    stream_.reset();
    snapshot_.reset();
}

bool FullEvaluation::fetch(size_t chunk_size) {
    chunk_ = stream_->next(chunk_size);
    return !chunk_.empty();
}

void FullEvaluation::process(BatchProcessor& processor, pqxx::connection& worker,
                             const Policy& policy, size_t batch_size) {
    auto end = chunk_.begin();
    for (size_t taken = 0; taken < batch_size && end != chunk_.end(); ++taken) ++end;
    const std::map<long long, MetricValues> batch(chunk_.begin(), end);
    report_ += processor.run_snapshot_batch(worker, policy, batch, source_);
    chunk_.erase(chunk_.begin(), end);
}

}  // namespace tierd
