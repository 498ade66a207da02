// The declaration of the metric catalogue.
#include "policy/metric_catalogue.hpp"

namespace tierd {

const std::vector<MetricSpec>& metric_catalogue() {
    static const std::vector<MetricSpec> catalogue = {
        {"revenue", true, "amount",
         "revenue booked by the posted invoices dated in the window, untaxed, credit notes "
         "and cancellations netted"},
        {"invoice_count", true, "count",
         "posted invoices dated in the window (not credit notes, not cancelled)"},
        {"outstanding", false, "amount", "unreconciled receivable: what the customer owes"},
        {"overdue_amount", false, "amount",
         "receivable past its due date, less unmatched credits (partial payments pay the "
         "oldest debt first)"},
        {"max_days_overdue", false, "days", "age in days of the oldest overdue receivable"},
        {"avg_days_to_pay", true, "days",
         "average days from invoice date to payment, over the paid invoices dated in the window"},
        {"avg_days_late", true, "days",
         "average days paid after the due date (0 when on time), over the paid invoices "
         "dated in the window"},
        {"on_time_ratio", true, "ratio",
         "of the invoices dated in the window that are paid or unpaid past due, the share "
         "paid by the due date (0 to 1)"},
        {"consecutive_on_time_months", false, "count",
         "whole months since the due date of the last invoice paid late or unpaid past due "
         "(never late: since the first invoice)"},
        {"days_since_last_invoice", false, "days",
         "days since the last invoice, or since the customer was created"},
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

std::optional<std::string> MetricValues::text(const std::string& attribute) const {
    const auto found = texts_.find(attribute);
    if (found == texts_.end()) return std::nullopt;
    return found->second;
}

}  // namespace tierd
