// One pass over every customer (at start-up, on schedule, after a policy change), so that
// aging (an invoice falling overdue) and the daemon's downtime are covered without events.
// Set-based and streamed: the plugin's all-customer metric query is read through a cursor
// on a connection of its own, a chunk at a time, and each chunk is one snapshot batch on the
// worker connection (see BatchProcessor::run_snapshot_batch). Memory stays flat in the
// number of customers, and the queue is not used, so it stays small.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <string>

#include "pipeline/batch_processor.hpp"
#include "plugin/metric_stream.hpp"

namespace tierd {

class FullEvaluation {
  public:
    // Opens the stream of the metrics `request` asks; `source` says why (start, schedule,
    // policy) and is the trigger of the changes it makes.
    FullEvaluation(const std::string& database_uri, const ErpPlugin& plugin,
                   const MetricRequest& request, std::string source);
    ~FullEvaluation();

    // Reads the next `chunk_size` customers; false once every customer was read. A failure
    // here (other than a lost connection) means the pass cannot go on.
    bool fetch(size_t chunk_size);
    bool has_chunk() const { return !chunk_.empty(); }
    // Evaluates up to `batch_size` customers of the chunk read last, in one transaction.
    // If that fails, they are kept to be tried again.
    void process(BatchProcessor& processor, pqxx::connection& worker, const Policy& policy,
                 size_t batch_size);

    const std::string& source() const { return source_; }
    const BatchReport& report() const { return report_; }

  private:
    std::string source_;
    std::unique_ptr<pqxx::connection> reader_;
    std::unique_ptr<pqxx::read_transaction> snapshot_;
    std::unique_ptr<MetricStream> stream_;
    std::map<long long, MetricValues> chunk_;
    BatchReport report_;
};

}  // namespace tierd
