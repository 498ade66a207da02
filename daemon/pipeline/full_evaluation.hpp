// One pass over every customer (at start-up, on schedule, after a policy change), so that
// aging (an invoice falling overdue) and the daemon's downtime are covered without events.
// Set-based and streamed: the plugin's all-customer metric query is read through a cursor
// on a connection of its own, a chunk at a time, and each chunk is evaluated in snapshot
// batches on the worker connection (see BatchProcessor::run_snapshot_batch). The next chunk
// is read while this one is evaluated, so the database computes metrics while the daemon
// compares and writes. Memory stays flat in the number of customers (two chunks at most),
// and the queue is not used, so it stays small.
#pragma once

#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>
#include <string>

#include "pipeline/batch_processor.hpp"
#include "plugin/metric_stream.hpp"

namespace tierd {

class FullEvaluation {
  public:
    // A pass over the metrics `request` asks; `source` says why (start, schedule, policy)
    // and is the trigger of the changes it makes. Nothing is read yet.
    FullEvaluation(std::string database_uri, const ErpPlugin& plugin, MetricRequest request,
                   std::string source);
    ~FullEvaluation();

    // Reads the next `chunk_size` customers ahead, to be taken by take_fetched() (the first
    // call connects and opens the stream); read_all() once none was left. May run on a
    // thread of its own while the chunk taken before is evaluated: it touches only what it
    // reads ahead, which has_fetched(), read_all() and take_fetched() read once it returned.
    // A failure (other than a lost connection) ends the pass.
    void fetch(size_t chunk_size);
    bool has_fetched() const { return !fetched_.empty(); }
    bool read_all() const { return read_all_; }
    // The customers read ahead become the chunk to evaluate (once the last one is done).
    void take_fetched();
    bool has_chunk() const { return !chunk_.empty() || !taken_.empty(); }
    // Interrupts a fetch running on another thread (it then fails): the pass is abandoned.
    void cancel();
    // Evaluates up to `batch_size` customers of the chunk read last, in one transaction.
    // If that fails, they are kept to be tried again.
    void process(BatchProcessor& processor, pqxx::connection& worker, const Policy& policy,
                 size_t batch_size);

    const std::string& source() const { return source_; }
    const BatchReport& report() const { return report_; }

  private:
    std::string database_uri_;
    const ErpPlugin& plugin_;
    MetricRequest request_;
    std::string source_;
    std::mutex reader_mutex_;  // reader_ is made on the fetch thread, cancelled from another
    bool cancelled_ = false;
    std::unique_ptr<pqxx::connection> reader_;
    std::unique_ptr<pqxx::read_transaction> snapshot_;
    std::unique_ptr<MetricStream> stream_;
    // Read ahead, not evaluated yet. Rows are decoded by process(), on the evaluating
    // thread, once the reader fetches the next ones (decoding on the reader's thread,
    // between fetches, made a million customers' pass some 2.4 s longer).
    pqxx::result fetched_;
    pqxx::result fetched_attributes_;  // of the customers of fetched_
    pqxx::result taken_;               // taken, not decoded yet
    pqxx::result taken_attributes_;
    bool read_all_ = false;
    std::map<long long, MetricValues> chunk_;  // being evaluated
    BatchReport report_;
};

}  // namespace tierd
