// The declaration of the metric catalogue.
#include "policy/metric_catalogue.hpp"

namespace tierd {

const std::vector<MetricSpec>& metric_catalogue() {
    static const std::vector<MetricSpec> catalogue = {
        {"revenue", true, "amount", "invoiced amount, untaxed, credit notes netted"},
        {"invoice_count", true, "count", "number of posted customer invoices"},
        {"outstanding", false, "amount", "receivable not yet paid"},
        {"overdue_amount", false, "amount", "receivable past its due date and not yet paid"},
        {"max_days_overdue", false, "days", "age in days of the oldest unpaid overdue amount"},
        {"avg_days_to_pay", true, "days", "average days from invoice to payment"},
        {"avg_days_late", true, "days", "average days paid after the due date"},
        {"on_time_ratio", true, "ratio", "share of invoices paid by their due date (0 to 1)"},
        {"consecutive_on_time_months", false, "count", "months in a row with no late payment"},
        {"days_since_last_invoice", false, "days", "days since the last posted invoice"},
        {"customer_age_days", false, "days", "days since the customer was created"},
    };
    return catalogue;
}

const MetricSpec* find_metric(const std::string& name) {
    for (const auto& spec : metric_catalogue()) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::vector<std::string> metric_names() {
    std::vector<std::string> names;
    for (const auto& spec : metric_catalogue()) names.push_back(spec.name);
    return names;
}

std::optional<double> MetricValues::get(const MetricKey& key) const {
    const auto found = values_.find(key);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

}  // namespace tierd
